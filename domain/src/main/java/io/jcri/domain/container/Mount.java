package io.jcri.domain.container;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A path the CRI asks to mount into a container: a host path, or with {@code image} set an image
 * volume (its host path is empty as the CRI sends it; the core fills in where the image is
 * mounted on the node before the OCI spec is built). {@code recursiveReadOnly} asks for a
 * recursively read-only mount (submounts read-only too): only with {@code readonly}, private
 * propagation and a runtime handler that can do it (the spec builder refuses it otherwise).
 */
public record Mount(
        String containerPath,
        String hostPath,
        boolean readonly,
        MountPropagation propagation,
        boolean recursiveReadOnly,
        @Nullable ImageVolume image) {
    public Mount {
        Objects.requireNonNull(containerPath, "containerPath");
        Objects.requireNonNull(hostPath, "hostPath");
        propagation = propagation == null ? MountPropagation.PRIVATE : propagation;
    }

    /** A host-path mount. */
    public Mount(
            String containerPath,
            String hostPath,
            boolean readonly,
            MountPropagation propagation,
            boolean recursiveReadOnly) {
        this(containerPath, hostPath, readonly, propagation, recursiveReadOnly, null);
    }

    public static Mount of(String hostPath, String containerPath, boolean readonly) {
        return new Mount(containerPath, hostPath, readonly, MountPropagation.PRIVATE, false);
    }

    /** Whether this mount's source is an image rather than a host path. */
    public boolean isImage() {
        return image != null;
    }

    public Mount withPropagation(MountPropagation value) {
        return new Mount(containerPath, hostPath, readonly, value, recursiveReadOnly, image);
    }

    /**
     * This image volume as the OCI spec binds it once the image (or its sub path) is mounted at
     * {@code nodePath}: read-only and private, whatever else was asked (an image has no submounts,
     * so read-only is recursively so).
     */
    public Mount boundFrom(String nodePath) {
        return new Mount(containerPath, nodePath, true, MountPropagation.PRIVATE, false, image);
    }

    public Mount withImage(@Nullable ImageVolume value) {
        return new Mount(containerPath, hostPath, readonly, propagation, recursiveReadOnly, value);
    }
}
