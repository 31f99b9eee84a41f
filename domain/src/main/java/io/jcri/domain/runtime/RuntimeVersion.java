package io.jcri.domain.runtime;

import java.util.Objects;

/** The answer to CRI Version: who this runtime is and which CRI API it speaks. */
public record RuntimeVersion(String version, String runtimeName, String runtimeVersion, String runtimeApiVersion) {

    /** The CRI API version jcri serves. */
    public static final String CRI_API_VERSION = "v1";

    /** The name jcri reports as its runtime name. */
    public static final String RUNTIME_NAME = "jcri";

    public RuntimeVersion {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(runtimeName, "runtimeName");
        Objects.requireNonNull(runtimeVersion, "runtimeVersion");
        Objects.requireNonNull(runtimeApiVersion, "runtimeApiVersion");
    }

    /** jcri's own version answer, for the given jcri build version. */
    public static RuntimeVersion of(String jcriVersion) {
        return new RuntimeVersion("0.1.0", RUNTIME_NAME, jcriVersion, CRI_API_VERSION);
    }
}
