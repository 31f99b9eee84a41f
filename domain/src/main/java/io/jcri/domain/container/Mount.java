package io.jcri.domain.container;

import java.util.Objects;

/**
 * A host path the CRI asks to mount into a container. {@code recursiveReadOnly} asks for a
 * recursively read-only mount (submounts read-only too): only with {@code readonly}, private
 * propagation and a runtime handler that can do it (the spec builder refuses it otherwise).
 */
public record Mount(
        String containerPath,
        String hostPath,
        boolean readonly,
        MountPropagation propagation,
        boolean recursiveReadOnly) {
    public Mount {
        Objects.requireNonNull(containerPath, "containerPath");
        Objects.requireNonNull(hostPath, "hostPath");
        propagation = propagation == null ? MountPropagation.PRIVATE : propagation;
    }

    public static Mount of(String hostPath, String containerPath, boolean readonly) {
        return new Mount(containerPath, hostPath, readonly, MountPropagation.PRIVATE, false);
    }

    public Mount withPropagation(MountPropagation value) {
        return new Mount(containerPath, hostPath, readonly, value, recursiveReadOnly);
    }
}
