package io.jcri.ports.out;

import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.task.ExecResult;
import io.jcri.domain.task.StdioRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The node-local side of tasks' stdio: FIFOs the engine's shim writes a process's output to (and
 * reads its stdin from), the CRI log file that output is copied into, and attach clients.
 */
public interface ContainerIo {

    /**
     * Creates (or, after a jcri restart, reuses) the FIFOs for one task or exec process and starts
     * copying its output: into the CRI log file when the request names one, and to attach
     * clients. Pass {@link TaskStdio#paths()} to {@link ContainerRuntime#createTask} or {@link
     * ContainerRuntime#execProcess}. Opening never blocks on the shim.
     *
     * @throws io.jcri.domain.error.JcriException.Internal when the FIFOs or the log file cannot
     *     be made
     */
    TaskStdio open(StdioRequest request);

    /**
     * Runs a command in a running task to completion (ExecSync): an exec process with its own
     * FIFOs, stdout and stderr collected up to {@code maxOutputBytes} each (the rest is read and
     * dropped). On return the exec process and its FIFOs are gone.
     *
     * @param process the OCI Process (args, env, cwd, user ...); {@code terminal} must be
     *     false
     * @param timeout how long it may run; zero means no limit (as in CRI)
     * @param maxOutputBytes the most bytes kept of stdout and of stderr each (keep both together
     *     under the 16 MiB gRPC message limit)
     * @throws io.jcri.domain.error.JcriException.DeadlineExceeded when it runs longer than {@code
     *     timeout} (the process is killed first)
     * @throws io.jcri.domain.error.JcriException.NotFound when there is no task
     * @throws io.jcri.domain.error.JcriException.FailedPrecondition when it is not running
     */
    ExecResult execSync(String containerId, ExecProcess process, Duration timeout, int maxOutputBytes);

    /** The FIFOs found under {@code fifoDir}, for recovery to compare with what still lives. */
    List<Path> fifos(Path fifoDir);

    /** Removes FIFOs under {@code fifoDir} whose name starts with {@code id}. */
    void removeFifos(Path fifoDir, String id);
}
