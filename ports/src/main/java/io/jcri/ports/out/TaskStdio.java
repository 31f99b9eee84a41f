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
     * Closing it, together with {@link ContainerRuntime#closeStdin}, gives the process EOF (the
     * shim holds a writer of its own until told to close it).
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
     * Waits until every output stream has ended (EOF from the shim: the process and everything
     * that inherited its stdio have exited) and its last bytes are in the log, which is then
     * closed. Returns whether it ended in time.
     */
    boolean awaitOutputEnd(Duration timeout);

    /**
     * Stops copying (flushing what was read into the log), closes the log, tells attach clients
     * the output ended and removes the FIFOs. Idempotent. Call it after the process has exited
     * (and {@link #awaitOutputEnd} returned), or when giving the task up: a live process whose
     * output nobody reads blocks once the pipe is full, and removed FIFOs cannot be reattached
     * after a jcri restart. On shutdown, leave stdio open instead (the reader threads are
     * daemons) and reopen it at the next start.
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
