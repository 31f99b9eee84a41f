package io.jcri.ports.application.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LayerDownloadsTest {
    @Test
    void aDownloadThatMovesNoBytesIsCancelledOnceTheProgressTimeoutPasses() throws Exception {
        PullProgress progress = new PullProgress(Duration.ofMillis(200));
        AtomicBoolean aborted = new AtomicBoolean();
        progress.register((Closeable) () -> aborted.set(true));
        CountDownLatch interrupted = new CountDownLatch(1);
        try (LayerDownloads downloads = new LayerDownloads("busybox", 1, progress, 200)) {
            downloads.submit(0, () -> sleepUntilInterrupted(interrupted));

            assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(downloads.download(0).isCancelled()).isTrue();
            assertThat(progress.timedOut()).isTrue();
            assertThat(aborted).isTrue();
        }
    }

    @Test
    void nothingTimesOutWhileNoDownloadRuns() throws Exception {
        PullProgress progress = new PullProgress(Duration.ofMillis(100));
        try (LayerDownloads downloads = new LayerDownloads("busybox", 1, progress, 100)) {
            downloads.submit(0, () -> {});
            downloads.download(0).get(5, TimeUnit.SECONDS);
            // unpacking a layer moves no registry bytes for longer than the timeout
            Thread.sleep(400);

            assertThat(progress.timedOut()).isFalse();
        }
    }

    @Test
    void closeCancelsTheRunningDownloadsAndWaitsForThem() throws Exception {
        PullProgress progress = new PullProgress(Duration.ofMinutes(1));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Future<?> running;
        try (LayerDownloads downloads = new LayerDownloads("busybox", 2, progress, 60_000)) {
            downloads.submit(1, () -> {
                started.countDown();
                sleepUntilInterrupted(interrupted);
            });
            running = downloads.download(1);
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(downloads.download(0)).isNull();
        }
        assertThat(running.isCancelled()).isTrue();
        assertThat(interrupted.getCount()).isZero();
        assertThat(progress.timedOut()).isFalse();
    }

    private static void sleepUntilInterrupted(CountDownLatch interrupted) {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            interrupted.countDown();
        }
    }
}
