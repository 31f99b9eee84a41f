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

    // ---- containers: status files, record documents, node reads ----

    /** Containers' status files under {@code dir} ({@code <root-dir>/containers}). */
    public static io.jcri.ports.out.ContainerStatusFiles containerStatusFiles(Path dir) {
        return io.jcri.adapters.containerd.container.ContainerSupport.statusFiles(dir);
    }

    public static io.jcri.ports.out.ContainerDocuments containerDocuments() {
        return io.jcri.adapters.containerd.container.ContainerSupport.documents();
    }

    /** What container creation reads on this node (facts probed now). */
    public static io.jcri.ports.out.ContainerHost containerHost(boolean systemdCgroup) {
        return io.jcri.adapters.containerd.container.ContainerSupport.host(systemdCgroup);
    }
}
