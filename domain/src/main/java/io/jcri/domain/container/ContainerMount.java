package io.jcri.domain.container;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A path the CRI asks to mount into a container: a host path, or with {@code image} set an image
 * volume (its host path is empty as the CRI sends it; the core fills in where the image is
 * mounted on the node before the OCI spec is built). {@code recursiveReadOnly} asks for a
 * recursively read-only mount (submounts read-only too): only with {@code readonly}, private
 * propagation and a runtime handler that can do it (the spec builder refuses it otherwise).
 * {@code options} are the extra bind options of cri-api v0.37's {@code Mount.mount_options}
 * ({@code noexec}, {@code nodev}, {@code nosuid}, ...), checked and passed on by the spec builder.
 */
public record ContainerMount(
        String containerPath,
        String hostPath,
        boolean readonly,
        MountPropagation propagation,
        boolean recursiveReadOnly,
        @Nullable ImageVolume image,
        List<String> options) {
    public ContainerMount {
        Objects.requireNonNull(containerPath, "containerPath");
        Objects.requireNonNull(hostPath, "hostPath");
        propagation = propagation == null ? MountPropagation.PRIVATE : propagation;
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** A mount with no extra options. */
    public ContainerMount(
            String containerPath,
            String hostPath,
            boolean readonly,
            MountPropagation propagation,
            boolean recursiveReadOnly,
            @Nullable ImageVolume image) {
        this(containerPath, hostPath, readonly, propagation, recursiveReadOnly, image, List.of());
    }

    /** A host-path mount. */
    public ContainerMount(
            String containerPath,
            String hostPath,
            boolean readonly,
            MountPropagation propagation,
            boolean recursiveReadOnly) {
        this(containerPath, hostPath, readonly, propagation, recursiveReadOnly, null);
    }

    public static ContainerMount of(String hostPath, String containerPath, boolean readonly) {
        return new ContainerMount(containerPath, hostPath, readonly, MountPropagation.PRIVATE, false);
    }

    /** Whether this mount's source is an image rather than a host path. */
    public boolean isImage() {
        return image != null;
    }

    public ContainerMount withPropagation(MountPropagation value) {
        return new ContainerMount(containerPath, hostPath, readonly, value, recursiveReadOnly, image, options);
    }

    /**
     * This image volume as the OCI spec binds it once the image (or its sub path) is mounted at
     * {@code nodePath}: read-only and private, whatever else was asked (an image has no submounts,
     * so read-only is recursively so).
     */
    public ContainerMount boundFrom(String nodePath) {
        return new ContainerMount(containerPath, nodePath, true, MountPropagation.PRIVATE, false, image, options);
    }

    public ContainerMount withImage(@Nullable ImageVolume value) {
        return new ContainerMount(containerPath, hostPath, readonly, propagation, recursiveReadOnly, value, options);
    }
}
