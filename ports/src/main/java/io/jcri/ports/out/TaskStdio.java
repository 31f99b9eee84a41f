package io.jcri.ports.out;

import io.jcri.domain.task.TaskIo;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The open stdio of one task or exec process (see {@link ContainerIo#open}). Output is read
 * from the FIFOs on background threads until the shim closes them (the process and every
 * process holding its stdio have exited).
 */
public interface TaskStdio extends AutoCloseable {

    /** The FIFO paths to hand to the engine. */
    TaskIo paths();

    /**
     * The process's stdin; writes never block on the shim opening it (bytes wait in the pipe).
     * Closing it gives the process EOF.
     *
     * @throws io.jcri.domain.error.JcriException.FailedPrecondition when opened without stdin
     */
    OutputStream stdin();

    /** Sends the output from now on also to {@code listener}, until the returned handle closes. */
    AutoCloseable attach(OutputListener listener);

    /**
     * Closes the log file and opens it again at the same path (after log rotation moved it), so
     * output goes on into a fresh file.
     *
     * @throws io.jcri.domain.error.JcriException.FailedPrecondition when there is no log, or the
     *     output has ended
     */
    void reopenLog();

    /**
     * Waits until every output stream has ended (EOF from the shim) and its last bytes are in
     * the log. Returns whether it ended in time.
     */
    boolean awaitOutputEnd(Duration timeout);

    /**
     * Stops copying (flushing what was read into the log), closes the log, tells attach clients
     * the output ended and removes the FIFOs. Idempotent.
     */
    @Override
    void close();

    /**
     * Stops copying (flushing what was read into the log) and closes the log, but leaves the
     * FIFOs in place: jcri is shutting down while the process runs on, and after a restart {@link
     * ContainerIo#open} with the same request reattaches. Idempotent. Implementations without
     * FIFOs of their own may simply close.
     */
    default void detach() {
        close();
    }
}
