package io.jcri.domain.security;

import java.util.Objects;

/**
 * The seccomp profile a pod or container asks for. A {@link Localhost} profile carries the path
 * the CRI named and the JSON text the caller read from it (an OCI {@code linux.seccomp} object).
 */
public sealed interface SeccompProfile {

    /** No filter at all. */
    record Unconfined() implements SeccompProfile {}

    /** jcri's built-in default filter ({@link DefaultSeccompProfile}). */
    record RuntimeDefault() implements SeccompProfile {}

    /** A profile file on the node. */
    record Localhost(String path, String json) implements SeccompProfile {
        public Localhost {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(json, "json");
        }
    }

    static SeccompProfile unconfined() {
        return new Unconfined();
    }

    static SeccompProfile runtimeDefault() {
        return new RuntimeDefault();
    }

    static SeccompProfile localhost(String path, String json) {
        return new Localhost(path, json);
    }
}
