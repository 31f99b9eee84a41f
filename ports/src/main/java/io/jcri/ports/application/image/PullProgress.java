package io.jcri.ports.application.image;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a pull is still moving bytes. A watchdog calls {@link #check()}; once nothing moved for
 * the timeout it marks the pull timed out and closes every open download, which ends their reads.
 */
final class PullProgress {
    private final long timeoutNanos;
    private volatile long lastMoved = System.nanoTime();
    private volatile boolean timedOut;
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

    PullProgress(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    void moved(long bytes) {
        lastMoved = System.nanoTime();
    }

    void register(Closeable stream) {
        open.add(stream);
        if (timedOut) {
            abortAll();
        }
    }

    void unregister(Closeable stream) {
        open.remove(stream);
    }

    boolean timedOut() {
        return timedOut;
    }

    /** Marks the pull timed out (and aborts its downloads) when nothing moved for too long; true then. */
    boolean check() {
        if (!timedOut && System.nanoTime() - lastMoved > timeoutNanos) {
            timedOut = true;
            abortAll();
            return true;
        }
        return false;
    }

    void abortAll() {
        for (Closeable c : open) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                // closing is all we can do
            }
        }
    }

    static String describe(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
