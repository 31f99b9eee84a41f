package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.adapters.containerd.ContainerdAdapters;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.containerd.task.ContainerdContainerRuntime;
import io.jcri.containerd.cgroups.v1.Metrics;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.oci.OciSpec;
import io.jcri.domain.task.ExecResult;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.StdioRequest;
import io.jcri.domain.task.TaskEvent;
import io.jcri.domain.task.TaskMetrics;
import io.jcri.domain.task.TaskStatus;
import io.jcri.it.fixtures.BusyboxRootfs;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.OciSpecs;
import io.jcri.it.fixtures.TestCgroups;
import io.jcri.ports.contract.RecordingListener;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.EventSubscription;
import io.jcri.ports.out.TaskStdio;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tasks on real containerd and runc: stdio into CRI logs, exits, OOM, signals, exec, resources. */
class ContainerdTasksIT {
    static final String NS = "jcri-test";
    static final Duration WAIT = Duration.ofSeconds(20);
    static ContainerdFixture containerd;
    static ContainerdClient client;
    static ContainerdContainerRuntime runtime;
    static ContainerIo io;
    static TestCgroups cgroups;
    static Path rootfs;
    static Path fifoDir;
    static Path execFifoDir;

    RecordingListener events;
    EventSubscription subscription;
    String id;

    @BeforeAll
    static void start() {
        containerd = ContainerdFixture.start();
        client = ContainerdClient.connect(containerd.socket(), NS);
        runtime = ContainerdContainerRuntime.create(client);
        cgroups = new TestCgroups();
        rootfs = BusyboxRootfs.create(containerd.dir());
        fifoDir = containerd.dir().resolve("io");
        execFifoDir = containerd.dir().resolve("io-exec");
        io = ContainerdAdapters.containerIo(runtime, execFifoDir);
    }

    @AfterAll
    static void stop() {
        runtime.close();
        client.close();
        containerd.close();
        cgroups.close();
    }

    @BeforeEach
    void subscribe() {
        id = "c-" + UUID.randomUUID().toString().substring(0, 8);
        events = new RecordingListener();
        subscription = runtime.subscribe(events);
    }

    @AfterEach
    void cleanUp() {
        subscription.close();
        runtime.killTask(id, 9, true);
        try {
            runtime.waitTask(id, Duration.ofSeconds(10));
        } catch (JcriException e) {
            // no task
        }
        runtime.deleteTask(id);
        runtime.deleteContainer(id);
        assertThat(containerd.ctr(NS, "tasks", "ls", "-q")).isBlank();
        assertThat(containerd.ctr(NS, "containers", "ls", "-q")).isBlank();
        assertThat(io.fifos(fifoDir)).isEmpty();
        assertThat(io.fifos(execFifoDir)).isEmpty();
    }

    private void create(long memoryLimit, String... args) {
        runtime.createContainer(new NewContainerRecord(
                id,
                "",
                OciRuntime.runcV2(),
                OciSpecs.spec(rootfs, cgroups.pathFor(id), memoryLimit, args),
                "",
                "",
                Map.of("io.jcri.kind", "container"),
                Map.of()));
    }

    private TaskStdio startWithLog(Path log, long memoryLimit, String... args) {
        create(memoryLimit, args);
        TaskStdio stdio = io.open(new StdioRequest(id, fifoDir, log, false, false));
        try {
            runtime.createTask(id, List.of(), stdio.paths());
            runtime.startTask(id);
            return stdio;
        } catch (RuntimeException e) {
            stdio.close();
            throw e;
        }
    }

    private static List<String> awaitLog(Path log, String needle) {
        Await.until(WAIT, "log " + log + " to contain " + needle, () -> {
            try {
                return Files.readString(log).contains(needle);
            } catch (IOException e) {
                return false;
            }
        });
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void outputGoesIntoTheCriLogAndTheExitCodeArrivesAsAnEvent() throws IOException {
        Path log = containerd.dir().resolve("logs/" + id + "/0.log");
        TaskStdio stdio = startWithLog(
                log,
                0,
                "sh",
                "-c",
                "echo hello; echo oops >&2; head -c 20000 /dev/zero | tr '\\0' x; echo; printf tail; exit 3");
        TaskEvent.Exited exit =
                events.await(TaskEvent.Exited.class, e -> e.containerId().equals(id), WAIT);
        assertThat(exit.exitCode()).isEqualTo(3);
        assertThat(exit.isInit()).isTrue();
        assertThat(stdio.awaitOutputEnd(Duration.ofSeconds(5))).isTrue();
        assertThat(runtime.deleteTask(id).orElseThrow().exitCode()).isEqualTo(3);
        stdio.close();

        String ts = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z ";
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).allMatch(l -> l.matches(ts + "(stdout|stderr) [PF] .*"));
        List<String> stdout = lines.stream()
                .filter(l -> l.contains(" stdout "))
                .map(l -> l.substring(l.indexOf(" stdout ") + 8))
                .toList();
        assertThat(stdout)
                .containsExactly("F hello", "P " + "x".repeat(16384), "F " + "x".repeat(20000 - 16384), "P tail");
        assertThat(lines).anyMatch(l -> l.matches(ts + "stderr F oops"));
    }

    @Test
    void aMemoryHogIsOomKilledAndReported() {
        TaskStdio stdio =
                startWithLog(null, 16L * 1024 * 1024, "sh", "-c", "x=0123456789abcdef; while :; do x=$x$x; done");
        try {
            events.await(TaskEvent.OutOfMemory.class, e -> e.containerId().equals(id), WAIT);
            TaskEvent.Exited exit =
                    events.await(TaskEvent.Exited.class, e -> e.containerId().equals(id), WAIT);
            assertThat(exit.exitCode()).isEqualTo(137);
        } finally {
            stdio.close();
        }
    }

    @Test
    void aTrappedSigtermKeepsTheProcessAliveAndSigkillEndsIt() {
        Path log = containerd.dir().resolve("logs/" + id + ".log");
        TaskStdio stdio =
                startWithLog(log, 0, "sh", "-c", "trap 'echo got-term' TERM; echo ready; while :; do sleep 0.1; done");
        try {
            awaitLog(log, "stdout F ready");
            assertThat(runtime.killTask(id, 15, false)).isTrue();
            awaitLog(log, "stdout F got-term");
            assertThat(runtime.task(id).orElseThrow().status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(events.events()).noneMatch(e -> e instanceof TaskEvent.Exited);

            assertThat(runtime.killTask(id, 9, false)).isTrue();
            assertThat(events.await(TaskEvent.Exited.class, e -> e.containerId().equals(id), WAIT)
                            .exitCode())
                    .isEqualTo(137);
        } finally {
            stdio.close();
        }
    }

    @Test
    void execSyncReturnsOutputAndExitCode() {
        TaskStdio stdio = startWithLog(null, 0, "sleep", "1000");
        try {
            ExecResult r = io.execSync(
                    id,
                    ExecProcess.parse(OciSpecs.processJson("sh", "-c", "echo out; echo err >&2; exit 7")),
                    Duration.ZERO,
                    1024);
            assertThat(r.exitCode()).isEqualTo(7);
            assertThat(new String(r.stdout(), StandardCharsets.UTF_8)).isEqualTo("out\n");
            assertThat(new String(r.stderr(), StandardCharsets.UTF_8)).isEqualTo("err\n");
            assertThat(r.truncated()).isFalse();

            ExecResult big = io.execSync(
                    id,
                    ExecProcess.parse(OciSpecs.processJson("sh", "-c", "head -c 100000 /dev/zero")),
                    Duration.ofSeconds(10),
                    1000);
            assertThat(big.exitCode()).isZero();
            assertThat(big.stdout()).hasSize(1000);
            assertThat(big.truncated()).isTrue();
            assertThat(runtime.taskPids(id)).allMatch(p -> p.execId().isEmpty());
        } finally {
            stdio.close();
        }
    }

    @Test
    void execSyncPastItsTimeoutIsKilledEvenWhenAChildHoldsThePipes() {
        TaskStdio stdio = startWithLog(null, 0, "sleep", "1000");
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> io.execSync(
                            id,
                            ExecProcess.parse(OciSpecs.processJson("sh", "-c", "sleep 300 & echo started; sleep 300")),
                            Duration.ofSeconds(1),
                            1024))
                    .isInstanceOf(JcriException.DeadlineExceeded.class)
                    .hasMessageContaining(id);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(runtime.taskPids(id)).noneMatch(p -> p.execId().startsWith("execsync-"));
        } finally {
            stdio.close();
        }
    }

    @Test
    void resourcesCanBeUpdatedAndMetricsRead() throws Exception {
        TaskStdio stdio = startWithLog(null, 64L * 1024 * 1024, "sleep", "1000");
        try {
            runtime.updateTaskResources(
                    id,
                    new OciSpec.Resources(List.of(), new OciSpec.Memory(33554432L, null), null, List.of(), Map.of()));
            Path limit = cgroups.dir("memory", id).resolve("memory.limit_in_bytes");
            assertThat(Files.readString(limit).trim()).isEqualTo("33554432");

            List<TaskMetrics> metrics = runtime.taskMetrics(List.of(id));
            assertThat(metrics).singleElement().satisfies(m -> {
                assertThat(m.containerId()).isEqualTo(id);
                assertThat(m.typeUrl()).endsWith("io.containerd.cgroups.v1.Metrics");
            });
            Metrics decoded = Metrics.parseFrom(metrics.get(0).data());
            assertThat(decoded.getMemory().getUsage().getLimit()).isEqualTo(33554432L);
            assertThat(decoded.getPids().getCurrent()).isPositive();
        } finally {
            stdio.close();
        }
    }

    @Test
    void aTerminalTaskWritesOneStreamAndCanBeResized() throws IOException {
        Path log = containerd.dir().resolve("logs/" + id + "-tty.log");
        runtime.createContainer(new NewContainerRecord(
                id,
                "",
                OciRuntime.runcV2(),
                OciSpecs.spec(rootfs, cgroups.pathFor(id), 0, true, "sh", "-c", "read x; echo got-$x; exit 4"),
                "",
                "",
                Map.of(),
                Map.of()));
        TaskStdio stdio = io.open(new StdioRequest(id, fifoDir, log, true, true));
        try {
            assertThat(stdio.paths().stderr()).isEmpty();
            runtime.createTask(id, List.of(), stdio.paths());
            runtime.startTask(id);
            runtime.resizePty(id, "", 120, 40);
            stdio.stdin().write("abc\n".getBytes(StandardCharsets.UTF_8));
            stdio.stdin().flush();
            assertThat(events.await(TaskEvent.Exited.class, e -> e.containerId().equals(id), WAIT)
                            .exitCode())
                    .isEqualTo(4);
            assertThat(stdio.awaitOutputEnd(Duration.ofSeconds(5))).isTrue();
        } finally {
            stdio.close();
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).allMatch(l -> l.contains(" stdout "));
        assertThat(lines).anyMatch(l -> l.endsWith(" stdout F got-abc"));
    }

    @Test
    void stdinReachesTheProcessAttachClientsSeeOutputAndCloseStdinEndsIt() throws Exception {
        Path log = containerd.dir().resolve("logs/" + id + "-cat.log");
        create(0, "cat");
        TaskStdio stdio = io.open(new StdioRequest(id, fifoDir, log, true, false));
        StringBuffer attached = new StringBuffer();
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        try {
            runtime.createTask(id, List.of(), stdio.paths());
            stdio.attach(new io.jcri.ports.out.OutputListener() {
                @Override
                public void onOutput(io.jcri.domain.task.StdStream stream, byte[] data, int offset, int length) {
                    attached.append(new String(data, offset, length, StandardCharsets.UTF_8));
                }

                @Override
                public void onEnd() {
                    ended.countDown();
                }
            });
            runtime.startTask(id);
            stdio.stdin().write("hello cat\n".getBytes(StandardCharsets.UTF_8));
            awaitLog(log, "stdout F hello cat");
            Await.until(
                    WAIT,
                    "attach client to see the output",
                    () -> attached.toString().equals("hello cat\n"));
            stdio.stdin().close();
            runtime.closeStdin(id, "");
            assertThat(events.await(TaskEvent.Exited.class, e -> e.containerId().equals(id), WAIT)
                            .exitCode())
                    .isZero();
            assertThat(ended.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            stdio.close();
        }
    }
}
