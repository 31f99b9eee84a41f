package io.jcri.adapters.containerd.io;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.task.ExecResult;
import io.jcri.domain.task.StdioRequest;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.TaskStdio;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@link ContainerIo} on this node: FIFOs, CRI log files and attach fan-out for tasks; ExecSync
 * through {@code runtime} with FIFOs under {@code execFifoDir}.
 */
public final class NodeContainerIo implements ContainerIo {
    private final ContainerRuntime runtime;
    private final Path execFifoDir;
    private final Clock clock;

    public NodeContainerIo(ContainerRuntime runtime, Path execFifoDir, Clock clock) {
        this.runtime = runtime;
        this.execFifoDir = execFifoDir;
        this.clock = clock;
    }

    @Override
    public TaskStdio open(StdioRequest request) {
        return FifoTaskStdio.open(request, clock, List.of());
    }

    @Override
    public ExecResult execSync(String containerId, ExecProcess process, Duration timeout, int maxOutputBytes) {
        if (maxOutputBytes < 0) {
            throw new JcriException.InvalidArgument("exec output cap must not be negative, was " + maxOutputBytes);
        }
        return new ExecSync(runtime, execFifoDir, clock).run(containerId, process, timeout, maxOutputBytes);
    }

    @Override
    public List<Path> fifos(Path fifoDir) {
        return Fifos.list(fifoDir);
    }

    @Override
    public void removeFifos(Path fifoDir, String id) {
        for (Path p : Fifos.list(fifoDir)) {
            if (p.getFileName().toString().startsWith(id + "-")) {
                Fifos.remove(p);
            }
        }
    }
}
