package io.jcri.ports.application.streaming;

import io.jcri.domain.container.Signals;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.task.ProcessExit;
import io.jcri.domain.task.StdStream;
import io.jcri.domain.task.StdioRequest;
import io.jcri.ports.in.Streaming;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.OutputListener;
import io.jcri.ports.out.TaskStdio;
import io.jcri.ports.threads.NamedThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One streaming exec: an exec process with its own FIFOs, its output sent to the client, and a
 * waiter thread (one per session, ending with it) that reports the exit and then removes the exec
 * process and its FIFOs. Cancelling kills the process; the waiter cleans up as for any exit.
 */
final class ExecSession implements Streaming.Session {
    private static final Logger log = Logger.getLogger(ExecSession.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The exec runs as long as the client stays; the waiter needs some deadline. */
    private static final Duration NO_LIMIT = Duration.ofDays(365);
    /** How long output may lag behind the exit (processes that inherited stdio may keep it). */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final ContainerRuntime runtime;
    private final String containerId;
    private final String execId;
    private final Streaming.ExecCommand command;
    private final Streaming.Output output;
    private final TaskStdio stdio;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean stdinClosed = new AtomicBoolean();
    private final Object stdinLock = new Object();
    private volatile boolean cancelled;

    private ExecSession(
            ContainerRuntime runtime,
            String containerId,
            String execId,
            Streaming.ExecCommand command,
            Streaming.Output output,
            TaskStdio stdio) {
        this.runtime = runtime;
        this.containerId = containerId;
        this.execId = execId;
        this.command = command;
        this.output = output;
        this.stdio = stdio;
    }

    static ExecSession start(
            ContainerRuntime runtime,
            ContainerIo io,
            Path fifoDir,
            String containerId,
            ExecProcess process,
            Streaming.ExecCommand command,
            Streaming.Output output) {
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        String execId = "exec-" + HexFormat.of().formatHex(id);
        TaskStdio stdio = io.open(new StdioRequest(execId, fifoDir, null, command.stdin(), command.tty()));
        ExecSession session = new ExecSession(runtime, containerId, execId, command, output, stdio);
        AutoCloseable listener = stdio.attach(session.listener());
        boolean created = false;
        try {
            runtime.execProcess(containerId, execId, process, stdio.paths());
            created = true;
            runtime.startProcess(containerId, execId);
        } catch (RuntimeException e) {
            closeQuietly(listener);
            if (created) {
                try {
                    runtime.deleteProcess(containerId, execId);
                } catch (JcriException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            stdio.close();
            throw e;
        }
        Thread waiter = NamedThreads.daemon("jcri-exec-" + execId, () -> session.await(listener));
        waiter.start();
        return session;
    }

    private OutputListener listener() {
        return new OutputListener() {
            @Override
            public void onOutput(StdStream stream, byte[] data, int offset, int length) {
                if (!finished.get()) {
                    OutputForwarding.forward(stream, data, offset, length, command.stdout(), command.stderr(), output);
                }
            }
        };
    }

    /** On the waiter thread: the exit, the last output, the report, then the cleanup. */
    private void await(AutoCloseable listener) {
        Streaming.Outcome outcome;
        try {
            ProcessExit exit = runtime.waitProcess(containerId, execId, NO_LIMIT);
            if (!stdio.awaitOutputEnd(DRAIN)) {
                log.fine(() -> "exec " + execId + " in " + containerId + ": output still open after the exit");
            }
            outcome = Streaming.Outcome.exited(exit.exitCode());
        } catch (JcriException e) {
            outcome = Streaming.Outcome.failed(
                    "exec in container " + containerId + " could not be waited for: " + e.getMessage());
        }
        closeQuietly(listener);
        if (finished.compareAndSet(false, true) && !cancelled) {
            try {
                output.finished(outcome);
            } catch (RuntimeException e) {
                log.log(Level.FINE, "exec " + execId + ": client gone at the end", e);
            }
        }
        release();
    }

    private void release() {
        try {
            runtime.deleteProcess(containerId, execId);
        } catch (JcriException e) {
            log.warning("exec " + execId + " in container " + containerId + " not deleted: " + e.getMessage());
        }
        stdio.close();
    }

    @Override
    public void stdin(byte[] data, int offset, int length) {
        if (!command.stdin() || stdinClosed.get() || length == 0) {
            return;
        }
        synchronized (stdinLock) {
            try {
                stdio.stdin().write(data, offset, length);
            } catch (IOException e) {
                log.fine(() -> "exec " + execId + ": stdin not written (" + e.getMessage() + ")");
            }
        }
    }

    @Override
    public void closeStdin() {
        if (!command.stdin() || !stdinClosed.compareAndSet(false, true)) {
            return;
        }
        synchronized (stdinLock) {
            try {
                OutputStream in = stdio.stdin();
                in.close();
            } catch (IOException e) {
                log.fine(() -> "exec " + execId + ": stdin close: " + e.getMessage());
            }
        }
        try {
            runtime.closeStdin(containerId, execId);
        } catch (JcriException e) {
            log.fine(() -> "exec " + execId + ": CloseIO: " + e.getMessage());
        }
    }

    @Override
    public void resize(int width, int height) {
        if (!command.tty() || finished.get() || width <= 0 || height <= 0) {
            return;
        }
        try {
            runtime.resizePty(containerId, execId, width, height);
        } catch (JcriException e) {
            log.fine(() -> "exec " + execId + ": resize: " + e.getMessage());
        }
    }

    @Override
    public void cancel() {
        if (finished.get()) {
            return;
        }
        cancelled = true;
        try {
            runtime.killProcess(containerId, execId, Signals.SIGKILL);
        } catch (JcriException e) {
            log.fine(() -> "exec " + execId + ": kill on disconnect: " + e.getMessage());
        }
    }

    String execId() {
        return execId;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.log(Level.FINE, "detaching an exec's output", e);
        }
    }
}
