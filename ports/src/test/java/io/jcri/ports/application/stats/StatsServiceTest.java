package io.jcri.ports.application.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxState;
import io.jcri.domain.stats.CgroupSample;
import io.jcri.domain.stats.ContainerStats;
import io.jcri.domain.stats.FsCapacity;
import io.jcri.domain.stats.FsUsage;
import io.jcri.domain.stats.InterfaceCounters;
import io.jcri.domain.stats.PodStats;
import io.jcri.domain.stats.PressureReadings;
import io.jcri.domain.stats.ProcessTotals;
import io.jcri.domain.stats.SwapReading;
import io.jcri.domain.stats.SwapUsage;
import io.jcri.ports.application.container.ContainerServiceTest;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.Stats;
import io.jcri.ports.out.ResourceStats;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public class StatsServiceTest {
    public static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    public static final String POD = "pod1";

    final Sandboxes sandboxes = new Sandboxes();
    final Containers containers = new Containers();
    final FakeResources resources = new FakeResources();
    final List<Integer> netnsPids = new ArrayList<>();
    StatsService service;

    /** Readings set by the test; counts the engine calls and what each asked. */
    public static final class FakeResources implements ResourceStats {
        final Map<String, CgroupSample> samples = new HashMap<>();
        final List<List<String>> calls = new ArrayList<>();

        @Override
        public Map<String, CgroupSample> tasks(Collection<String> ids) {
            calls.add(List.copyOf(ids));
            Map<String, CgroupSample> out = new HashMap<>();
            ids.forEach(id -> Optional.ofNullable(samples.get(id)).ifPresent(s -> out.put(id, s)));
            return out;
        }

        /** Process totals by container id; a container id in {@code failing} fails every optional read. */
        final Map<String, ProcessTotals> processes = new HashMap<>();

        final List<String> failing = new ArrayList<>();
        final List<String> filesystemCalls = new ArrayList<>();

        final Map<String, PressureReadings> podPressure = new HashMap<>();

        @Override
        public Optional<PressureReadings> podPressure(String sandboxId) {
            return Optional.ofNullable(podPressure.get(sandboxId));
        }

        @Override
        public Optional<FsUsage> writableLayer(String snapshotter, String key) {
            failIfAsked(key);
            return Optional.of(new FsUsage(T0, "/snapshots", key.length() * 1000L, 7));
        }

        @Override
        public Optional<ProcessTotals> processes(String containerId, int firstPid) {
            failIfAsked(containerId);
            return Optional.ofNullable(processes.get(containerId));
        }

        @Override
        public Optional<FsCapacity> filesystem(String path) {
            filesystemCalls.add(path);
            return Optional.of(new FsCapacity(1L << 30, 1000, 600));
        }

        private void failIfAsked(String id) {
            if (failing.contains(id)) {
                throw new JcriException.Internal("reading " + id + " failed");
            }
        }
    }

    @BeforeEach
    void setUp() {
        sandboxes.put(ContainerServiceTest.sandbox(POD, SandboxState.READY));
        service = new StatsService(
                sandboxes,
                containers,
                resources,
                pid -> {
                    netnsPids.add(pid);
                    return List.of(new InterfaceCounters("eth0", 100, 1, 200, 2));
                },
                Clock.fixed(T0, ZoneOffset.UTC));
    }

    public static Container container(String id, String name, ContainerState state) {
        ContainerMetadata m = new ContainerMetadata(
                id,
                POD,
                name,
                0,
                "busybox",
                "sha256:img",
                "sha256:img",
                T0.minusSeconds(10),
                "",
                Map.of("app", name),
                Map.of(),
                List.of(),
                false,
                false,
                false,
                15,
                "runc",
                "overlayfs",
                io.jcri.domain.container.ProcessUser.ROOT,
                null);
        return new Container(m, LinuxResources.NONE, state);
    }

    public static CgroupSample sample(Instant at, long cpuNanos, long usage, long inactiveFile) {
        return new CgroupSample(at, cpuNanos, usage, inactiveFile, usage / 2, 11, 2, 0, 3);
    }

    @Test
    void theFirstReadingsRateIsMeasuredFromTheStartAndLaterOnesFromThePreviousReading() {
        containers.put(container("c1", "burner", new ContainerState.Running(42, T0)));
        resources.samples.put("c1", sample(T0.plusSeconds(2), 2_000_000_000L, 0, 0));
        ContainerStats first = service.container("c1");
        assertThat(first.cpu().usageCoreNanos()).isEqualTo(2_000_000_000L);
        assertThat(first.cpu().usageNanoCores()).isEqualTo(1_000_000_000L);

        resources.samples.put("c1", sample(T0.plusSeconds(4), 2_500_000_000L, 0, 0));
        assertThat(service.container("c1").cpu().usageNanoCores()).isEqualTo(250_000_000L);
        // a reading no newer than the kept one repeats the kept rate
        assertThat(service.container("c1").cpu().usageNanoCores()).isEqualTo(250_000_000L);
    }

    @Test
    void memoryIsTheWorkingSetAndAContainerWithoutATaskHasOnlyItsWritableLayer() {
        containers.put(container("c1", "alloc", new ContainerState.Running(42, T0)));
        containers.put(container("c22", "idle", ContainerState.CREATED));
        resources.samples.put("c1", sample(T0.plusSeconds(1), 1, 80_000_000L, 5_000_000L));
        List<ContainerStats> all = service.containers(Stats.ContainerFilter.ALL);
        assertThat(all).extracting(ContainerStats::id).containsExactly("c1", "c22");
        assertThat(all.get(0).memory().workingSetBytes()).isEqualTo(75_000_000L);
        assertThat(all.get(0).memory().usageBytes()).isEqualTo(80_000_000L);
        assertThat(all.get(0).memory().pageFaults()).isEqualTo(11);
        assertThat(all.get(0).writableLayer().usedBytes()).isEqualTo(2000);
        assertThat(all.get(1).cpu()).isNull();
        assertThat(all.get(1).memory()).isNull();
        assertThat(all.get(1).writableLayer().inodesUsed()).isEqualTo(7);
        assertThat(resources.calls).containsExactly(List.of("c1"));
    }

    @Test
    void listsReadEveryTaskInOneEngineCallAndFilter() {
        containers.put(container("c1", "a", new ContainerState.Running(1, T0)));
        containers.put(container("c2", "b", new ContainerState.Running(2, T0)));
        resources.samples.put("c1", sample(T0.plusSeconds(1), 1, 1, 0));
        resources.samples.put("c2", sample(T0.plusSeconds(1), 1, 1, 0));
        assertThat(service.containers(Stats.ContainerFilter.ALL)).hasSize(2);
        assertThat(resources.calls).hasSize(1);
        assertThat(service.containers(new Stats.ContainerFilter("", "", Map.of("app", "b"))))
                .extracting(ContainerStats::id)
                .containsExactly("c2");
        assertThat(service.containers(new Stats.ContainerFilter("", "nope", Map.of())))
                .isEmpty();
        assertThat(service.containers(new Stats.ContainerFilter("", "pod", Map.of())))
                .hasSize(2);
    }

    @Test
    void aPodSumsItsPauseTaskAndContainersAndReadsItsNetnsCounters() {
        containers.put(container("c1", "a", new ContainerState.Running(1, T0)));
        resources.samples.put(POD, sample(T0.plusSeconds(1), 1_000, 1_000, 0));
        resources.samples.put("c1", sample(T0.plusSeconds(1), 2_000, 3_000, 0));
        PodStats pod = service.pod("pod");
        assertThat(pod.id()).isEqualTo(POD);
        assertThat(pod.cpu().usageCoreNanos()).isEqualTo(3_000);
        assertThat(pod.memory().workingSetBytes()).isEqualTo(4_000);
        assertThat(pod.processes()).isEqualTo(6);
        assertThat(pod.containers()).extracting(ContainerStats::id).containsExactly("c1");
        assertThat(pod.network().defaultInterface().rxBytes()).isEqualTo(100);
        assertThat(netnsPids).containsExactly(100);
        assertThat(resources.calls).containsExactly(List.of(POD, "c1"));
        assertThat(service.pods(Stats.PodFilter.ALL)).hasSize(1);
        assertThat(service.pods(new Stats.PodFilter("", Map.of("missing", "x"))))
                .isEmpty();
    }

    static PressureReadings pressure(long cpuSome) {
        PressureReadings.Psi psi = new PressureReadings.Psi(
                new PressureReadings.Data(cpuSome, 1.5, 0.5, 0.25), PressureReadings.Data.ZERO);
        return new PressureReadings(T0.plusSeconds(1), psi, psi, null);
    }

    @Test
    void aV2ReadingGivesSwapAndPressureAndAV1ReadingLeavesThemAbsent() {
        containers.put(container("c1", "v2", new ContainerState.Running(1, T0)));
        containers.put(container("c2", "v1", new ContainerState.Running(2, T0)));
        resources.samples.put(
                "c1", sample(T0.plusSeconds(1), 1, 1, 0).withV2(new SwapReading(4096, 10_000), pressure(777)));
        resources.samples.put("c2", sample(T0.plusSeconds(1), 1, 1, 0));
        List<ContainerStats> all = service.containers(Stats.ContainerFilter.ALL);
        assertThat(all.get(0).swap()).isEqualTo(new SwapUsage(T0.plusSeconds(1), 10_000 - 4096, 4096));
        assertThat(all.get(0).pressure().cpu().some().totalMicros()).isEqualTo(777);
        assertThat(all.get(0).pressure().io()).isNull();
        assertThat(all.get(1).swap()).isNull();
        assertThat(all.get(1).pressure()).isNull();
    }

    @Test
    void aPodWithItsOwnCgroupGetsThatCgroupsPressureAndOneWithoutNone() {
        resources.samples.put(POD, sample(T0.plusSeconds(1), 1_000, 1_000, 0));
        resources.podPressure.put(POD, pressure(55));
        assertThat(service.pod(POD).pressure())
                .as("no cgroup parent: the pause task's parent is not the pod's")
                .isNull();
        Sandbox plain = sandboxes.resolve(POD);
        sandboxes.put(new Sandbox(
                plain.id(),
                SandboxConfig.builder("web", "uid-1", "default")
                        .cgroupParent("/kubepods/poduid-1")
                        .build(),
                plain.runtimeHandler(),
                plain.image(),
                plain.createdAt(),
                plain.state(),
                plain.pid(),
                plain.netns(),
                plain.ips(),
                plain.network(),
                plain.paths(),
                plain.portMappings(),
                plain.dns()));
        assertThat(service.pod(POD).pressure().cpu().some().totalMicros()).isEqualTo(55);
    }

    @Test
    void unknownIdsAreNotFound() {
        assertThatThrownBy(() -> service.container("nope")).isInstanceOf(JcriException.NotFound.class);
        assertThatThrownBy(() -> service.pod("nope"))
                .isInstanceOf(JcriException.NotFound.class)
                .hasMessageContaining("nope");
    }
}
