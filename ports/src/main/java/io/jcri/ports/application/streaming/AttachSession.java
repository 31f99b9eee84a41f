package io.jcri.ports.application.streaming;

import io.jcri.domain.container.Container;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.StdStream;
import io.jcri.ports.in.Streaming;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.OutputListener;
import io.jcri.ports.out.TaskStdio;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One attach: a listener on the running container's stdio (the same fan-out that writes the CRI
 * log, so the log stays complete), stdin written into the container's stdin FIFO. The session
 * ends when the container's output ends or the client leaves; the container's stdin is closed
 * only when it was created with {@code stdinOnce}.
 */
final class AttachSession implements Streaming.Session {
    private static final Logger log = Logger.getLogger(AttachSession.class.getName());

    private final ContainerRuntime runtime;
    private final TaskStdio stdio;
    private final Container container;
    private final Streaming.AttachCommand command;
    private final Streaming.Output output;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Object stdinLock = new Object();
    private volatile AutoCloseable handle = () -> {};

    private AttachSession(
            ContainerRuntime runtime,
            TaskStdio stdio,
            Container container,
            Streaming.AttachCommand command,
            Streaming.Output output) {
        this.runtime = runtime;
        this.stdio = stdio;
        this.container = container;
        this.command = command;
        this.output = output;
    }

    static AttachSession start(
            ContainerRuntime runtime,
            TaskStdio stdio,
            Container container,
            Streaming.AttachCommand command,
            Streaming.Output output) {
        AttachSession session = new AttachSession(runtime, stdio, container, command, output);
        session.handle = stdio.attach(session.listener());
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

            @Override
            public void onEnd() {
                if (finished.compareAndSet(false, true)) {
                    output.finished(Streaming.Outcome.exited(0));
                }
            }
        };
    }

    @Override
    public void stdin(byte[] data, int offset, int length) {
        if (!command.stdin() || finished.get() || length == 0) {
            return;
        }
        synchronized (stdinLock) {
            try {
                stdio.stdin().write(data, offset, length);
            } catch (IOException | JcriException e) {
                log.fine(() -> "attach to " + container.id() + ": stdin not written (" + e.getMessage() + ")");
            }
        }
    }

    @Override
    public void closeStdin() {
        if (!command.stdin() || !container.metadata().stdinOnce()) {
            return;
        }
        synchronized (stdinLock) {
            try {
                stdio.stdin().close();
            } catch (IOException | JcriException e) {
                log.fine(() -> "attach to " + container.id() + ": stdin close: " + e.getMessage());
            }
        }
        try {
            runtime.closeStdin(container.id(), "");
        } catch (JcriException e) {
            log.fine(() -> "attach to " + container.id() + ": CloseIO: " + e.getMessage());
        }
    }

    @Override
    public void resize(int width, int height) {
        if (!container.metadata().tty() || finished.get() || width <= 0 || height <= 0) {
            return;
        }
        try {
            runtime.resizePty(container.id(), "", width, height);
        } catch (JcriException e) {
            log.fine(() -> "attach to " + container.id() + ": resize: " + e.getMessage());
        }
    }

    @Override
    public void cancel() {
        finished.set(true);
        try {
            handle.close();
        } catch (Exception e) {
            log.log(Level.FINE, "detaching from " + container.id(), e);
        }
    }
}
