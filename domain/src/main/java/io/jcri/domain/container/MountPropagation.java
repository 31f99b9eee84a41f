package io.jcri.domain.container;

/** How mounts propagate between a host path and the container, as the CRI names it. */
public enum MountPropagation {
    /** No propagation either way: {@code rprivate}. */
    PRIVATE,
    /** Mounts made on the host below the path appear in the container: {@code rslave}. */
    HOST_TO_CONTAINER,
    /** Both ways: {@code rshared}; the host path must be on a shared mount. */
    BIDIRECTIONAL
}
