package io.jcri.adapters.containerd;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.containerd.io.NodeContainerIo;
import io.jcri.adapters.containerd.task.ContainerdContainerRuntime;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import java.nio.file.Path;
import java.time.Clock;

/** Builds the outbound-port implementations that stand on containerd. */
public final class ContainerdAdapters {
    private ContainerdAdapters() {}

    public static ContainerRuntime containerRuntime(ContainerdClient client) {
        return ContainerdContainerRuntime.create(client);
    }

    /**
     * The node side of tasks' stdio; ExecSync's FIFOs go under {@code execFifoDir} (such as
     * {@code <jcri state>/io/exec}).
     */
    public static ContainerIo containerIo(ContainerRuntime runtime, Path execFifoDir) {
        return new NodeContainerIo(runtime, execFifoDir, Clock.systemUTC());
    }
}
