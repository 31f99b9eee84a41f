package io.jcri.adapters.containerd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.StdStream;
import io.jcri.domain.task.StdioRequest;
import io.jcri.ports.out.OutputListener;
import io.jcri.ports.out.TaskStdio;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node side of stdio with this test playing the shim (it opens the FIFOs' other ends). */
class FifoTaskStdioTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-05-06T07:08:09.25Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void copiesBothStreamsIntoTheCriLogAndToAttachClients() throws Exception {
        Path log = dir.resolve("logs/c1/0.log");
        StringBuilder attached = new StringBuilder();
        CountDownLatch ended = new CountDownLatch(1);
        TaskStdio stdio = FifoTaskStdio.open(new StdioRequest("c1", dir, log, false, false), clock, List.of());
        stdio.attach(new OutputListener() {
            @Override
            public synchronized void onOutput(StdStream stream, byte[] data, int offset, int length) {
                attached.append(stream.logName())
                        .append(':')
                        .append(new String(data, offset, length, StandardCharsets.UTF_8));
            }

            @Override
            public void onEnd() {
                ended.countDown();
            }
        });
        assertThat(Fifos.isFifo(Path.of(stdio.paths().stdout()))).isTrue();
        assertThat(stdio.paths().stdin()).isEmpty();
        try (OutputStream out = Files.newOutputStream(Path.of(stdio.paths().stdout()))) {
            out.write("hello\npart".getBytes(StandardCharsets.UTF_8));
        }
        try (OutputStream err = Files.newOutputStream(Path.of(stdio.paths().stderr()))) {
            err.write("oops\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(stdio.awaitOutputEnd(Duration.ofSeconds(5))).isTrue();
        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
        stdio.close();
        assertThat(Files.readAllLines(log))
                .containsExactlyInAnyOrder(
                        "2026-05-06T07:08:09.25Z stdout F hello",
                        "2026-05-06T07:08:09.25Z stdout P part",
                        "2026-05-06T07:08:09.25Z stderr F oops");
        assertThat(Files.readAllLines(log).stream().filter(l -> l.contains(" stdout ")))
                .containsExactly("2026-05-06T07:08:09.25Z stdout F hello", "2026-05-06T07:08:09.25Z stdout P part");
        assertThat(attached.toString()).contains("stdout:hello\npart").contains("stderr:oops\n");
        assertThat(Fifos.list(dir)).isEmpty();
    }

    @Test
    void closeWhileNoWriterEverCameDoesNotHang() {
        TaskStdio stdio = FifoTaskStdio.open(new StdioRequest("c2", dir, null, true, true), clock, List.of());
        assertThat(stdio.paths().stderr()).isEmpty();
        assertThat(stdio.paths().terminal()).isTrue();
        long start = System.nanoTime();
        stdio.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(Fifos.list(dir)).isEmpty();
    }

    @Test
    void stdinWritesWaitInThePipeAndCloseGivesEof() throws Exception {
        TaskStdio stdio = FifoTaskStdio.open(new StdioRequest("c3", dir, null, true, false), clock, List.of());
        stdio.stdin().write("abc".getBytes(StandardCharsets.UTF_8));
        try (InputStream in = Files.newInputStream(Path.of(stdio.paths().stdin()))) {
            stdio.stdin().close();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abc");
        }
        stdio.close();
    }

    @Test
    void reopenLogStartsANewFileAfterRotation() throws IOException {
        Path log = dir.resolve("0.log");
        TaskStdio stdio = FifoTaskStdio.open(new StdioRequest("c4", dir, log, false, false), clock, List.of());
        try (OutputStream out = Files.newOutputStream(Path.of(stdio.paths().stdout()))) {
            out.write("one\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitLines(log, 1);
            Files.move(log, dir.resolve("0.log.1"));
            stdio.reopenLog();
            out.write("two\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitLines(log, 1);
        }
        stdio.close();
        assertThat(Files.readAllLines(dir.resolve("0.log.1"))).containsExactly("2026-05-06T07:08:09.25Z stdout F one");
        assertThat(Files.readAllLines(log)).containsExactly("2026-05-06T07:08:09.25Z stdout F two");
        assertThatThrownBy(stdio::reopenLog).isInstanceOf(JcriException.FailedPrecondition.class);
    }

    @Test
    void reopeningOverExistingFifosReusesThem() {
        TaskStdio first = FifoTaskStdio.open(new StdioRequest("c5", dir, null, false, false), clock, List.of());
        TaskStdio second = FifoTaskStdio.open(new StdioRequest("c5", dir, null, false, false), clock, List.of());
        assertThat(second.paths()).isEqualTo(first.paths());
        second.close();
        first.close();
        assertThat(Fifos.list(dir)).isEmpty();
    }

    @Test
    void containersOutputIsReadByOneThreadForAllOfThemAndArrivesWhole() throws Exception {
        int n = 40;
        int lines = 2000; // 2000 lines of 100 bytes each: several pipe-fulls per stream
        List<TaskStdio> stdios = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            stdios.add(FifoTaskStdio.open(
                    new StdioRequest("m" + i, dir, dir.resolve("logs/m" + i + ".log"), false, false),
                    clock,
                    List.of()));
        }
        assertThat(threadsNamed("fifo-")).isZero();
        assertThat(threadsNamed("jcri-fifo-io")).isEqualTo(1);
        String line = "x".repeat(99) + "\n";
        List<Thread> writers = new java.util.ArrayList<>();
        for (TaskStdio stdio : stdios) {
            for (String fifo : List.of(stdio.paths().stdout(), stdio.paths().stderr())) {
                Thread w = new Thread(() -> {
                    try (OutputStream out = Files.newOutputStream(Path.of(fifo))) {
                        for (int l = 0; l < lines; l++) {
                            out.write(line.getBytes(StandardCharsets.UTF_8));
                        }
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
                w.start();
                writers.add(w);
            }
        }
        for (Thread w : writers) {
            w.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (int i = 0; i < n; i++) {
            TaskStdio stdio = stdios.get(i);
            assertThat(stdio.awaitOutputEnd(Duration.ofSeconds(10))).isTrue();
            stdio.close();
            List<String> logged = Files.readAllLines(dir.resolve("logs/m" + i + ".log"));
            assertThat(logged).hasSize(2 * lines);
            assertThat(logged)
                    .allMatch(l -> l.equals("2026-05-06T07:08:09.25Z stdout F " + "x".repeat(99))
                            || l.equals("2026-05-06T07:08:09.25Z stderr F " + "x".repeat(99)));
        }
        assertThat(Fifos.list(dir)).isEmpty();
    }

    @Test
    void closingAPolledStdioWhoseWriterNeverCameEndsItsListenersAtOnce() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        TaskStdio stdio =
                FifoTaskStdio.open(new StdioRequest("c6", dir, dir.resolve("c6.log"), false, false), clock, List.of());
        stdio.attach(new OutputListener() {
            @Override
            public void onOutput(StdStream stream, byte[] data, int offset, int length) {}

            @Override
            public void onEnd() {
                ended.countDown();
            }
        });
        assertThat(stdio.awaitOutputEnd(Duration.ofMillis(200))).isFalse();
        long start = System.nanoTime();
        stdio.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(ended.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(stdio.awaitOutputEnd(Duration.ZERO)).isTrue();
        assertThat(Fifos.list(dir)).isEmpty();
    }

    @Test
    void linesOfOneReadGoOutInOrderAcrossBatchFlushes() throws Exception {
        Path log = dir.resolve("c7.log");
        TaskStdio stdio = FifoTaskStdio.open(new StdioRequest("c7", dir, log, false, true), clock, List.of());
        StringBuilder text = new StringBuilder();
        int lines = 3 * CriLogFile.FLUSH_AT / 8; // more than one batch's worth in a few reads
        for (int i = 0; i < lines; i++) {
            text.append(i).append('\n');
        }
        try (OutputStream out = Files.newOutputStream(Path.of(stdio.paths().stdout()))) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(stdio.awaitOutputEnd(Duration.ofSeconds(10))).isTrue();
        stdio.close();
        List<String> logged = Files.readAllLines(log);
        assertThat(logged).hasSize(lines);
        for (int i = 0; i < lines; i++) {
            assertThat(logged.get(i)).isEqualTo("2026-05-06T07:08:09.25Z stdout F " + i);
        }
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix))
                .count();
    }

    private static void awaitLines(Path log, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                if (Files.exists(log) && Files.readAllLines(log).size() >= n) {
                    return;
                }
                Thread.sleep(20);
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("log " + log + " did not get " + n + " lines");
    }
}
