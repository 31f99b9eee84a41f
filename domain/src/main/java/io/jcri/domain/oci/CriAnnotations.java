package io.jcri.domain.oci;

/** The annotation keys CRI runtimes put in OCI specs, which tools on the node read. */
public final class CriAnnotations {
    private CriAnnotations() {}

    public static final String CONTAINER_TYPE = "io.kubernetes.cri.container-type";
    public static final String TYPE_SANDBOX = "sandbox";
    public static final String TYPE_CONTAINER = "container";
    public static final String SANDBOX_ID = "io.kubernetes.cri.sandbox-id";
    public static final String SANDBOX_NAME = "io.kubernetes.cri.sandbox-name";
    public static final String SANDBOX_NAMESPACE = "io.kubernetes.cri.sandbox-namespace";
    public static final String SANDBOX_UID = "io.kubernetes.cri.sandbox-uid";
    public static final String SANDBOX_LOG_DIRECTORY = "io.kubernetes.cri.sandbox-log-directory";
    public static final String CONTAINER_NAME = "io.kubernetes.cri.container-name";
    public static final String IMAGE_NAME = "io.kubernetes.cri.image-name";
}
