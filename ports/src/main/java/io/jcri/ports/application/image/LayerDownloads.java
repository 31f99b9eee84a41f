package io.jcri.ports.application.image;

import io.jcri.ports.threads.NamedThreads;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * One pull's concurrent layer downloads: a pool of daemon threads, and a watchdog that cancels
 * them all once no bytes moved for the progress timeout. Closing cancels what still runs and
 * waits for it to stop.
 */
final class LayerDownloads implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LayerDownloads.class.getName());

    private final Object ref;
    private final PullProgress progress;
    private final ExecutorService pool;
    private final ScheduledExecutorService watchdog;
    private final Map<Integer, Future<?>> futures = new ConcurrentHashMap<>();

    /**
     * Starts the pool of {@code threads} and the watchdog checking {@code progress} every quarter
     * of {@code progressTimeoutMillis} (within 50 ms .. 1 s); {@code ref} names the pull in logs.
     */
    LayerDownloads(Object ref, int threads, PullProgress progress, long progressTimeoutMillis) {
        this.ref = ref;
        this.progress = progress;
        this.pool = Executors.newFixedThreadPool(threads, daemon("jcri-pull"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("jcri-pull-watchdog"));
        long tick = Math.max(50, Math.min(1000, progressTimeoutMillis / 4));
        watchdog.scheduleAtFixedRate(this::check, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Starts the download of layer {@code index}. */
    void submit(int index, Runnable download) {
        futures.put(index, pool.submit(download));
    }

    /** The download of layer {@code index}, or null when it was not submitted. */
    Future<?> download(int index) {
        return futures.get(index);
    }

    private void check() {
        try {
            // only while something still downloads: unpacking moves no registry bytes
            boolean downloading = futures.values().stream().anyMatch(f -> !f.isDone());
            if (!downloading) {
                progress.moved(0);
            } else if (progress.check()) {
                futures.values().forEach(f -> f.cancel(true));
            }
        } catch (RuntimeException e) {
            // a failing check must not stop the watchdog
            LOG.log(System.Logger.Level.WARNING, "pull watchdog of " + ref + ": " + e, e);
        }
    }

    @Override
    public void close() {
        futures.values().forEach(f -> f.cancel(true));
        progress.abortAll();
        watchdog.shutdownNow();
        pool.shutdownNow();
        // the downloads' writers must be closed before the lease is released or retained
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "downloads of {0} did not stop within 30s", ref);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        return NamedThreads.daemons(prefix);
    }
}
