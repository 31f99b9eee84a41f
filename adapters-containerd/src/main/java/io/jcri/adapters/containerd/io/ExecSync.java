package io.jcri.adapters.containerd.io;

import io.jcri.domain.container.Signals;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.task.ExecResult;
import io.jcri.domain.task.ProcessExit;
import io.jcri.domain.task.StdStream;
import io.jcri.domain.task.StdioRequest;
import io.jcri.domain.task.TaskStatus;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.OutputListener;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command in a running task to completion: an exec process with its own FIFOs, output
 * collected up to a cap per stream, a deadline after which the process is killed. The exec
 * process and its FIFOs are removed however it ends.
 */
final class ExecSync {
    private static final Logger log = LoggerFactory.getLogger(ExecSync.class);
    private static final Duration DRAIN = Duration.ofSeconds(2);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What a zero timeout (CRI: no limit) becomes. */
    private static final Duration NO_LIMIT = Duration.ofDays(365);

    private final ContainerRuntime runtime;
    private final Path fifoDir;
    private final Clock clock;

    ExecSync(ContainerRuntime runtime, Path fifoDir, Clock clock) {
        this.runtime = runtime;
        this.fifoDir = fifoDir;
        this.clock = clock;
    }

    ExecResult run(String containerId, ExecProcess process, Duration timeout, int maxOutputBytes) {
        if (timeout.isNegative()) {
            throw new JcriException.InvalidArgument("exec timeout must not be negative, was " + timeout);
        }
        if (timeout.isZero()) {
            timeout = NO_LIMIT;
        }
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        String execId = "execsync-" + HexFormat.of().formatHex(id);
        Capture capture = new Capture(maxOutputBytes);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (FifoTaskStdio stdio =
                FifoTaskStdio.open(new StdioRequest(execId, fifoDir, null, false, false), clock, List.of(capture))) {
            exec(containerId, execId, process, stdio);
            try {
                start(containerId, execId);
                ProcessExit exit;
                try {
                    exit = runtime.waitProcess(containerId, execId, timeout);
                } catch (JcriException.DeadlineExceeded e) {
                    kill(containerId, execId);
                    throw new JcriException.DeadlineExceeded("command in container " + containerId
                            + " did not finish within " + timeout.toMillis() + "ms; it was killed");
                }
                long left = Math.max(0, deadline - System.nanoTime());
                if (!stdio.awaitOutputEnd(min(Duration.ofNanos(left), DRAIN))) {
                    runtime.deleteProcess(containerId, execId);
                    stdio.awaitOutputEnd(DRAIN);
                }
                return capture.result(exit.exitCode());
            } finally {
                deleteQuietly(containerId, execId);
            }
        }
    }

    /** Creates the exec process; a task that ended before jcri saw its exit is the caller's problem. */
    private void exec(String containerId, String execId, ExecProcess process, FifoTaskStdio stdio) {
        try {
            runtime.execProcess(containerId, execId, process, stdio.paths());
        } catch (JcriException.Internal e) {
            boolean running;
            try {
                running = runtime.task(containerId)
                        .map(t -> t.status() == TaskStatus.RUNNING)
                        .orElse(false);
            } catch (JcriException again) {
                throw e;
            }
            if (running) {
                throw e;
            }
            throw new JcriException.FailedPrecondition(
                    "container " + containerId + " is not running (its task has ended); ExecSync needs it running");
        }
    }

    /**
     * Starts the exec process. The OCI runtime's refusal (no such executable, not executable, a
     * working directory that is missing) comes back from the shim as containerd's "unknown": it is
     * the command that cannot run in this container, not a fault of jcri's or containerd's.
     */
    private void start(String containerId, String execId) {
        try {
            runtime.startProcess(containerId, execId);
        } catch (JcriException.Internal e) {
            throw new JcriException.FailedPrecondition(
                    "the command cannot be started in container " + containerId + ": " + e.getMessage());
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private void kill(String containerId, String execId) {
        try {
            runtime.killProcess(containerId, execId, Signals.SIGKILL);
            runtime.waitProcess(containerId, execId, Duration.ofSeconds(10));
        } catch (JcriException e) {
            log.warn("cannot kill timed-out exec {} in {}: {}", execId, containerId, e.getMessage());
        }
    }

    private void deleteQuietly(String containerId, String execId) {
        try {
            runtime.deleteProcess(containerId, execId);
        } catch (JcriException e) {
            log.warn("cannot delete exec {} in {}: {}", execId, containerId, e.getMessage());
        }
    }

    /** Keeps up to {@code max} bytes of each stream. */
    private static final class Capture implements OutputListener {
        private final int max;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private boolean truncated;

        Capture(int max) {
            this.max = max;
        }

        @Override
        public synchronized void onOutput(StdStream stream, byte[] data, int offset, int length) {
            ByteArrayOutputStream to = stream == StdStream.STDOUT ? out : err;
            int room = Math.max(0, max - to.size());
            if (length > room) {
                truncated = true;
            }
            to.write(data, offset, Math.min(room, length));
        }

        synchronized ExecResult result(int exitCode) {
            return new ExecResult(exitCode, out.toByteArray(), err.toByteArray(), truncated);
        }
    }
}
