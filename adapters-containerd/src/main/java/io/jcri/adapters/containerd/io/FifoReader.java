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
 * Reads one output FIFO on its own daemon thread until the shim closes it. Opening the read side
 * blocks until the shim opens the write side, so it happens on that thread, never on the caller's.
 * {@link #stop()} ends the thread in either place: a blocked open is released by opening the FIFO
 * read-write for a moment, a blocked read by closing the channel (which interrupts the read).
 */
final class FifoReader {
    private static final Logger log = LoggerFactory.getLogger(FifoReader.class);

    /** Gets what was read, then the end. */
    interface Consumer {
        void data(byte[] buf, int off, int len);

        void end();
    }

    private final Path fifo;
    private final Consumer consumer;
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile FileChannel channel;
    private volatile boolean stopping;

    FifoReader(Path fifo, Consumer consumer) {
        this.fifo = fifo;
        this.consumer = consumer;
        this.thread = NamedThreads.daemon("fifo-" + fifo.getFileName(), this::run);
    }

    void start() {
        thread.start();
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

    /** Ends the thread wherever it is; waits for it a little. */
    void stop() {
        stopping = true;
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
}
