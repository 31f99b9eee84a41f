package io.jcri.adapters.containerd.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.stats.CgroupSample;
import io.jcri.domain.stats.PressureReadings;
import io.jcri.domain.stats.SwapReading;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.TaskIo;
import io.jcri.domain.task.TaskMetrics;
import io.jcri.ports.fakes.FakeContainerRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cgroup v2's swap and pressure files as the kernel writes them, in a tree the test makes. */
class CgroupV2FilesTest {
    static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path root;

    static final String CPU_PRESSURE = "some avg10=1.50 avg60=0.75 avg300=0.20 total=123456\n"
            + "full avg10=0.00 avg60=0.00 avg300=0.00 total=42\n";
    static final String IO_PRESSURE = "some avg10=12.00 avg60=3.10 avg300=1.05 total=9876543\n"
            + "full avg10=10.25 avg60=2.00 avg300=0.50 total=8000000\n";

    Path cgroup(String rel) throws IOException {
        Path dir = Files.createDirectories(root.resolve("sys").resolve(rel));
        Files.writeString(root.resolve("sys").resolve("cgroup.controllers"), "cpu io memory pids\n");
        Files.writeString(dir.resolve("cpu.pressure"), CPU_PRESSURE);
        Files.writeString(
                dir.resolve("memory.pressure"),
                "some avg10=0.00 avg60=0.00 avg300=0.00 total=7\n"
                        + "full avg10=0.00 avg60=0.00 avg300=0.00 total=3\n");
        Files.writeString(dir.resolve("io.pressure"), IO_PRESSURE);
        Files.writeString(dir.resolve("memory.swap.current"), "4096\n");
        Files.writeString(dir.resolve("memory.swap.max"), "max\n");
        return dir;
    }

    Path proc(int pid, String cgroupLine) throws IOException {
        Path dir = Files.createDirectories(root.resolve("proc").resolve(Integer.toString(pid)));
        Files.writeString(dir.resolve("cgroup"), cgroupLine);
        return root.resolve("proc");
    }

    @Test
    void thePressureFilesGiveTotalsAndAverages() throws IOException {
        Path dir = cgroup("kubepods/pod1/c1");
        PressureReadings p = CgroupV2Files.pressure(dir, AT);
        assertThat(p.cpu().some()).isEqualTo(new PressureReadings.Data(123456, 1.5, 0.75, 0.2));
        assertThat(p.cpu().full()).isEqualTo(new PressureReadings.Data(42, 0, 0, 0));
        assertThat(p.memory().full().totalMicros()).isEqualTo(3);
        assertThat(p.io().some()).isEqualTo(new PressureReadings.Data(9876543, 12.0, 3.1, 1.05));
        assertThat(p.io().full()).isEqualTo(new PressureReadings.Data(8000000, 10.25, 2.0, 0.5));
        assertThat(p.timestamp()).isEqualTo(AT);
    }

    @Test
    void aCpuPressureFileWithoutAFullLineReadsFullAsZeroAndABadFileAsAbsent() throws IOException {
        Path dir = cgroup("c2");
        Files.writeString(dir.resolve("cpu.pressure"), "some avg10=0.10 avg60=0.20 avg300=0.30 total=5\n");
        Files.writeString(dir.resolve("io.pressure"), "some avg10=x avg60=0.20 avg300=0.30 total=5\n");
        Files.delete(dir.resolve("memory.pressure"));
        PressureReadings p = CgroupV2Files.pressure(dir, AT);
        assertThat(p.cpu().full()).isEqualTo(PressureReadings.Data.ZERO);
        assertThat(p.memory()).as("no file").isNull();
        assertThat(p.io()).as("malformed").isNull();
        Files.delete(dir.resolve("cpu.pressure"));
        assertThat(CgroupV2Files.pressure(dir, AT)).as("no PSI at all").isNull();
    }

    @Test
    void swapIsCurrentAndMaxWithMaxMeaningNoLimit() throws IOException {
        Path dir = cgroup("c3");
        assertThat(CgroupV2Files.swap(dir)).isEqualTo(new SwapReading(4096, 0));
        Files.writeString(dir.resolve("memory.swap.max"), "1048576\n");
        assertThat(CgroupV2Files.swap(dir)).isEqualTo(new SwapReading(4096, 1048576));
        assertThat(CgroupV2Files.swap(dir).availableBytes()).isEqualTo(1048576 - 4096);
        Files.delete(dir.resolve("memory.swap.current"));
        assertThat(CgroupV2Files.swap(dir)).as("no swap accounting").isNull();
    }

    @Test
    void aProcessIsFoundThroughItsUnifiedLineAndNotOnCgroupV1() throws IOException {
        Path dir = cgroup("kubepods/pod1/c4");
        Path proc = proc(77, "0::/kubepods/pod1/c4\n");
        assertThat(new CgroupV2Files(proc, root.resolve("sys")).directoryOf(77)).contains(dir);
        assertThat(new CgroupV2Files(proc, root.resolve("sys")).directoryOf(78))
                .as("gone")
                .isEmpty();
        Files.delete(root.resolve("sys").resolve("cgroup.controllers"));
        assertThat(new CgroupV2Files(proc, root.resolve("sys")).directoryOf(77))
                .as("a v1 node (no cgroup.controllers at the root)")
                .isEmpty();
    }

    @Test
    void aV2ReadingWithoutPsiFromTheEngineIsCompletedFromTheTasksCgroupAndThePodsParent() throws IOException {
        FakeContainerRuntime runtime = new FakeContainerRuntime() {
            @Override
            public List<TaskMetrics> taskMetrics(Collection<String> ids) {
                byte[] v2 = io.jcri.containerd.cgroups.v2.Metrics.newBuilder()
                        .setCpu(io.jcri.containerd.cgroups.v2.CPUStat.newBuilder()
                                .setUsageUsec(10))
                        .build()
                        .toByteArray();
                return ids.stream()
                        .map(id -> new TaskMetrics(id, AT, CgroupMetrics.V2, v2))
                        .toList();
            }
        };
        runtime.createContainer(
                new NewContainerRecord("c5", "img", OciRuntime.runcV2(), "{}", "overlayfs", "c5", Map.of(), Map.of()));
        int pid = runtime.createTask("c5", List.of(), TaskIo.none());
        runtime.startTask("c5");
        cgroup("kubepods/pod5/c5");
        Files.writeString(root.resolve("sys/kubepods/pod5/io.pressure"), IO_PRESSURE.replace("9876543", "55"));
        Path proc = proc(pid, "0::/kubepods/pod5/c5\n");
        ContainerdResourceStats stats =
                new ContainerdResourceStats(null, runtime, Clock.systemUTC(), proc, root.resolve("sys"));

        CgroupSample s = stats.tasks(List.of("c5")).get("c5");
        assertThat(s.cpuUsageNanos()).isEqualTo(10_000);
        assertThat(s.pressure().cpu().some().totalMicros()).isEqualTo(123456);
        assertThat(s.pressure().io().full().totalMicros()).isEqualTo(8000000);
        assertThat(s.swap())
                .as("the engine's swap reading (0 here) is kept over the file")
                .isEqualTo(new SwapReading(0, 0));
        PressureReadings pod = stats.podPressure("c5").orElseThrow();
        assertThat(pod.io().some().totalMicros())
                .as("the parent directory's file")
                .isEqualTo(55);
        assertThat(pod.cpu()).as("the parent has no cpu.pressure").isNull();
    }
}
