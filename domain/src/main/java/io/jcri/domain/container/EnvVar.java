package io.jcri.domain.container;

import java.util.Objects;

/** One environment variable the CRI sets for a container. */
public record EnvVar(String key, String value) {
    public EnvVar {
        Objects.requireNonNull(key, "key");
        value = value == null ? "" : value;
    }
}
