package io.jcri.adapters.containerd.io;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.jcri.ports.threads.NamedThreads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread, {@code jcri-fifo-io}, that reads every polled output FIFO of the node (libc's
 * {@code poll(2)} through JNA): a running container costs an open descriptor, not a thread, a
 * stack and a buffer per stream. The FIFOs are opened non-blocking, which never waits for the
 * shim; Linux reports a hang-up on such a FIFO only after a writer came and went, so a FIFO the
 * shim has not opened yet is simply not ready. Each ready FIFO gets one read of up to {@link
 * #CHUNK} bytes per round into the one shared buffer, so a container that writes fast cannot
 * starve the others; the reader's consumer must not wait (the CRI log drops on failure, attach
 * listeners bound what they keep). Readers whose consumer may wait, an exec's, keep a thread of
 * their own ({@link FifoReader}).
 */
final class FifoPoller {
    private static final Logger log = LoggerFactory.getLogger(FifoPoller.class);

    /** The most one read takes: a pipe's default capacity. */
    static final int CHUNK = 64 * 1024;

    private static final int O_RDONLY = 0;
    private static final int O_NONBLOCK = 04000;
    private static final int O_CLOEXEC = 02000000;
    private static final short POLLIN = 0x1;
    private static final short POLLERR = 0x8;
    private static final short POLLHUP = 0x10;
    private static final short POLLNVAL = 0x20;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int POLLFD_SIZE = 8;

    private interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        long read(int fd, Pointer buf, long count) throws LastErrorException;

        long write(int fd, byte[] buf, long count) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int poll(Pointer fds, long nfds, int timeout) throws LastErrorException;

        int pipe2(int[] fds, int flags) throws LastErrorException;
    }

    /** What the poller needs of a reader. */
    interface Polled {
        Path fifo();

        /** Took {@code len} bytes of {@code buf}; false when the reader is to end. */
        boolean data(byte[] buf, int len);

        /** The FIFO is closed and the reader forgotten: called once, on the poller's thread or the adder's. */
        void closed();
    }

    private static final class Holder {
        static final FifoPoller INSTANCE = create();

        private static FifoPoller create() {
            try {
                LibC libc = Native.load("c", LibC.class);
                int[] wake = new int[2];
                libc.pipe2(wake, O_NONBLOCK | O_CLOEXEC);
                FifoPoller p = new FifoPoller(libc, wake[0], wake[1]);
                NamedThreads.daemon("jcri-fifo-io", p::loop).start();
                return p;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                log.warn("no poller for output FIFOs ({}): a thread reads each", e.toString());
                return null;
            }
        }
    }

    /** The node's poller, or null where libc cannot be called (then each FIFO has a thread). */
    static FifoPoller get() {
        return Holder.INSTANCE;
    }

    private final LibC libc;
    private final int wakeRead;
    private final int wakeWrite;
    private final ConcurrentLinkedQueue<Runnable> changes = new ConcurrentLinkedQueue<>();
    // the poller thread's own
    private final List<Entry> entries = new ArrayList<>();
    private final Memory buffer = new Memory(CHUNK);
    private final byte[] bytes = new byte[CHUNK];
    private final Memory wakeBuffer = new Memory(64);
    private Memory fds = new Memory(POLLFD_SIZE * 16L);
    private volatile Thread thread;

    private record Entry(Polled reader, int fd) {}

    private FifoPoller(LibC libc, int wakeRead, int wakeWrite) {
        this.libc = libc;
        this.wakeRead = wakeRead;
        this.wakeWrite = wakeWrite;
    }

    /**
     * Opens {@code reader}'s FIFO (at once: a non-blocking open does not wait for the writer) and
     * polls it from now on; a FIFO that cannot be opened ends the reader at once.
     */
    void add(Polled reader) {
        int fd;
        try {
            fd = libc.open(reader.fifo().toString(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        } catch (LastErrorException e) {
            log.warn("reading {} failed: errno {}", reader.fifo(), e.getErrorCode());
            reader.closed();
            return;
        }
        change(() -> entries.add(new Entry(reader, fd)));
    }

    /** Stops polling {@code reader}: its FIFO is closed and it is told {@link Polled#closed()}. */
    void remove(Polled reader) {
        change(() -> {
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).reader() == reader) {
                    finish(i);
                    return;
                }
            }
        });
    }

    boolean onPollerThread() {
        return Thread.currentThread() == thread;
    }

    private void change(Runnable c) {
        changes.add(c);
        if (!onPollerThread()) {
            try {
                libc.write(wakeWrite, new byte[] {1}, 1);
            } catch (LastErrorException e) {
                // EAGAIN: the pipe is full of wake-ups already
            }
        }
    }

    private void loop() {
        thread = Thread.currentThread();
        while (true) {
            try {
                round();
            } catch (RuntimeException | Error e) {
                log.error("polling output FIFOs failed; going on", e);
            }
        }
    }

    private void round() {
        Runnable c;
        while ((c = changes.poll()) != null) {
            c.run();
        }
        int n = entries.size();
        long need = (long) (n + 1) * POLLFD_SIZE;
        if (fds.size() < need) {
            fds = new Memory(Math.max(need, fds.size() * 2));
        }
        set(0, wakeRead);
        for (int i = 0; i < n; i++) {
            set(i + 1, entries.get(i).fd());
        }
        try {
            libc.poll(fds, n + 1, -1);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != EINTR) {
                log.warn("poll of {} output FIFOs failed: errno {}", n, e.getErrorCode());
            }
            return;
        }
        if (fds.getShort(6) != 0) {
            drainWakeups();
        }
        // from the end, so that finishing one leaves the indexes before it as they were
        for (int i = n - 1; i >= 0; i--) {
            short revents = fds.getShort((long) (i + 1) * POLLFD_SIZE + 6);
            if (revents != 0) {
                ready(i, revents);
            }
        }
    }

    private void set(int slot, int fd) {
        long at = (long) slot * POLLFD_SIZE;
        fds.setInt(at, fd);
        fds.setShort(at + 4, POLLIN);
        fds.setShort(at + 6, (short) 0);
    }

    private void ready(int i, short revents) {
        Entry e = entries.get(i);
        if ((revents & POLLNVAL) != 0) {
            finish(i);
            return;
        }
        if ((revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
            return;
        }
        long got;
        try {
            got = libc.read(e.fd(), buffer, CHUNK);
        } catch (LastErrorException x) {
            if (x.getErrorCode() != EAGAIN && x.getErrorCode() != EINTR) {
                log.warn("reading {} failed: errno {}", e.reader().fifo(), x.getErrorCode());
                finish(i);
            }
            return;
        }
        if (got <= 0) {
            finish(i); // end of file: the writer is gone
            return;
        }
        buffer.read(0, bytes, 0, (int) got);
        boolean more;
        try {
            more = e.reader().data(bytes, (int) got);
        } catch (RuntimeException x) {
            log.error("copying output from {} failed", e.reader().fifo(), x);
            more = false;
        }
        if (!more) {
            finish(i);
        }
    }

    private void finish(int i) {
        Entry e = entries.remove(i);
        try {
            libc.close(e.fd());
        } catch (LastErrorException x) {
            // closed anyway
        }
        e.reader().closed();
    }

    private void drainWakeups() {
        try {
            while (libc.read(wakeRead, wakeBuffer, wakeBuffer.size()) > 0) {
                // drained
            }
        } catch (LastErrorException e) {
            // EAGAIN: empty
        }
    }
}
