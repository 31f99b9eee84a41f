package io.jcri.domain.runtime;

import java.util.Objects;

/** The container engine below jcri, as it describes itself (containerd's version and revision). */
public record EngineInfo(String version, String revision) {
    public EngineInfo {
        Objects.requireNonNull(version, "version");
        revision = revision == null ? "" : revision;
    }
}
