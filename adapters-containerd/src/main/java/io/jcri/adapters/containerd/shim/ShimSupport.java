package io.jcri.adapters.containerd.shim;

import io.jcri.ports.out.ShimProcesses;
import java.nio.file.Path;

/** Makes this package's port implementation (reached through {@code ContainerdAdapters}). */
public final class ShimSupport {
    private ShimSupport() {}

    public static ShimProcesses shimProcesses(Path proc, Path engineState, String namespace, Path socket) {
        return new ProcShimProcesses(proc, engineState, namespace, socket);
    }
}
