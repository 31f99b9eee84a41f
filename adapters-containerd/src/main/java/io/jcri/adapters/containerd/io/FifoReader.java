package io.jcri.adapters.containerd.io;

import io.jcri.ports.threads.NamedThreads;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one output FIFO until the shim closes it. Polled (a consumer that never waits, such as a
 * container's log and attach listeners): on the node's one {@link FifoPoller} thread. Otherwise
 * (an exec's output, whose reader waits for a slow client), or where libc cannot be called: on a
 * daemon thread of its own; opening the read side blocks until the shim opens the write side, so
 * it happens on that thread, never on the caller's. {@link #stop()} ends the reading in either
 * case: a blocked open is released by opening the FIFO read-write for a moment, a blocked read by
 * closing the channel (which interrupts the read); a polled FIFO is closed by the poller.
 */
final class FifoReader implements FifoPoller.Polled {
    private static final Logger log = LoggerFactory.getLogger(FifoReader.class);

    /** Gets what was read, then the end. */
    interface Consumer {
        void data(byte[] buf, int off, int len);

        void end();
    }

    private final Path fifo;
    private final Consumer consumer;
    private final Thread thread;
    private final FifoPoller poller;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile FileChannel channel;
    private volatile boolean stopping;

    /** A reader on a thread of its own. */
    FifoReader(Path fifo, Consumer consumer) {
        this(fifo, consumer, false);
    }

    /** @param polled on the node's poller (when it can be had) rather than on a thread of its own */
    FifoReader(Path fifo, Consumer consumer, boolean polled) {
        this.fifo = fifo;
        this.consumer = consumer;
        this.poller = polled ? FifoPoller.get() : null;
        this.thread = poller != null ? null : NamedThreads.daemon("fifo-" + fifo.getFileName(), this::run);
    }

    void start() {
        if (poller == null) {
            thread.start();
        } else if (stopping) {
            closed();
        } else {
            poller.add(this);
        }
    }

    boolean polled() {
        return poller != null;
    }

    // ---- FifoPoller.Polled ----

    @Override
    public Path fifo() {
        return fifo;
    }

    @Override
    public boolean data(byte[] buf, int len) {
        if (stopping) {
            return false;
        }
        consumer.data(buf, 0, len);
        return true;
    }

    @Override
    public void closed() {
        try {
            consumer.end();
        } finally {
            done.countDown();
        }
    }

    private void run() {
        try {
            if (stopping) {
                return;
            }
            FileChannel ch = FileChannel.open(fifo, StandardOpenOption.READ);
            channel = ch;
            try (ch) {
                if (stopping) {
                    return;
                }
                ByteBuffer buf = ByteBuffer.allocate(32 * 1024);
                while (true) {
                    buf.clear();
                    int n = ch.read(buf);
                    if (n < 0) {
                        return;
                    }
                    if (n > 0) {
                        consumer.data(buf.array(), 0, n);
                    }
                }
            }
        } catch (ClosedChannelException e) {
            // stopped
        } catch (IOException e) {
            if (!stopping) {
                log.warn("reading {} failed: {}", fifo, e.toString());
            }
        } catch (RuntimeException e) {
            log.error("copying output from {} failed", fifo, e);
        } finally {
            try {
                consumer.end();
            } finally {
                done.countDown();
            }
        }
    }

    boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return done.await(timeout, unit);
    }

    boolean ended() {
        return done.getCount() == 0;
    }

    /** Ends the reading wherever it is; waits for it a little (not on the poller's own thread). */
    void stop() {
        stopping = true;
        if (poller != null) {
            if (!ended()) {
                poller.remove(this);
                awaitPolledEnd();
            }
            return;
        }
        for (int attempt = 0; attempt < 20 && !ended(); attempt++) {
            FileChannel ch = channel;
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // closed anyway
                }
            } else if (Fifos.isFifo(fifo)) {
                try (FileChannel unblock = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    // opening read-write never blocks and lets a blocked reader's open return
                } catch (IOException e) {
                    // FIFO gone: nothing blocks on it
                }
            }
            try {
                done.await(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!ended()) {
            log.warn("reader of {} did not stop", fifo);
        }
    }

    private void awaitPolledEnd() {
        if (poller.onPollerThread()) {
            return; // the poller ends it after the round it is in
        }
        try {
            if (!done.await(1, TimeUnit.SECONDS)) {
                log.warn("reader of {} did not stop", fifo);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
