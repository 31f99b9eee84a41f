package io.jcri.adapters.containerd;

import io.jcri.ports.out.ContainerRuntime;

/** Builds the outbound-port implementations that stand on containerd. */
public final class ContainerdAdapters {
    private ContainerdAdapters() {}

    public static ContainerRuntime containerRuntime(ContainerdClient client) {
        return new ContainerdContainerRuntime(client);
    }
}
