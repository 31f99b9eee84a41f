package io.jcri.adapters.containerd;

import io.jcri.adapters.containerd.task.ContainerdContainerRuntime;
import io.jcri.ports.out.ContainerRuntime;

/** Builds the outbound-port implementations that stand on containerd. */
public final class ContainerdAdapters {
    private ContainerdAdapters() {}

    public static ContainerRuntime containerRuntime(ContainerdClient client) {
        return ContainerdContainerRuntime.create(client);
    }
}
