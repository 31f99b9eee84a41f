package io.jcri.ports.application.stats;

import static io.jcri.ports.application.stats.StatsServiceTest.POD;
import static io.jcri.ports.application.stats.StatsServiceTest.T0;
import static io.jcri.ports.application.stats.StatsServiceTest.container;
import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.container.ContainerState;
import io.jcri.domain.sandbox.SandboxState;
import io.jcri.domain.stats.InterfaceCounters;
import io.jcri.domain.stats.MetricCatalog;
import io.jcri.domain.stats.MetricValue;
import io.jcri.domain.stats.PodMetricSet;
import io.jcri.domain.stats.ProcessTotals;
import io.jcri.ports.application.container.ContainerServiceTest;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServiceTest {
    final Sandboxes sandboxes = new Sandboxes();
    final Containers containers = new Containers();
    final StatsServiceTest.FakeResources resources = new StatsServiceTest.FakeResources();
    MetricsService service;

    @BeforeEach
    void setUp() {
        sandboxes.put(ContainerServiceTest.sandbox(POD, SandboxState.READY));
        service = new MetricsService(
                sandboxes,
                containers,
                resources,
                pid -> List.of(new InterfaceCounters("eth0", 100, 1, 200, 2, 10, 0, 20, 0)),
                Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
    }

    @Test
    void aPodCarriesItsNetworkAndEachRunningContainerItsOwnValuesUnderItsLabels() {
        containers.put(container("c1", "app", new ContainerState.Running(42, T0)));
        containers.put(container("c2", "waiting", ContainerState.CREATED));
        resources.samples.put("c1", StatsServiceTest.sample(T0.plusSeconds(59), 3_000_000_000L, 1000, 100));
        resources.processes.put("c1", new ProcessTotals(2, 5, 9, 1, 1024));

        List<PodMetricSet> pods = service.pods();

        assertThat(pods).hasSize(1);
        PodMetricSet pod = pods.get(0);
        assertThat(pod.podId()).isEqualTo(POD);
        MetricValue rx = value(pod.values(), MetricCatalog.NETWORK_RX_PACKETS);
        assertThat(rx.labelValues()).containsExactly("POD", POD, "pause", "default", "web", "eth0");
        assertThat(rx.value()).isEqualTo(10);
        assertThat(pod.containers())
                .extracting(PodMetricSet.ContainerMetricSet::containerId)
                .containsExactly("c1");
        List<MetricValue> c1 = pod.containers().get(0).values();
        MetricValue cpu = value(c1, MetricCatalog.CPU_USAGE);
        assertThat(cpu.labelValues()).containsExactly("app", "c1", "busybox", "default", "web", "total");
        assertThat(cpu.value()).isEqualTo(3);
        assertThat(value(c1, MetricCatalog.FILE_DESCRIPTORS).value()).isEqualTo(9);
        assertThat(value(c1, MetricCatalog.FS_USAGE).value()).isEqualTo(2000);
        assertThat(value(c1, MetricCatalog.FS_INODES_FREE).value()).isEqualTo(600);
        assertThat(value(c1, MetricCatalog.START_TIME).value()).isEqualTo(T0.getEpochSecond());
        assertThat(value(c1, MetricCatalog.LAST_SEEN).value()).isEqualTo(T0.getEpochSecond() + 60);
        assertThat(resources.calls)
                .as("one engine call, for the running container only")
                .containsExactly(List.of("c1"));
    }

    @Test
    void aFailingOptionalReadingLeavesOnlyThatContainersMetricsOut() {
        containers.put(container("c1", "app", new ContainerState.Running(42, T0)));
        containers.put(container("c2", "side", new ContainerState.Running(43, T0)));
        resources.processes.put("c2", new ProcessTotals(1, 1, 3, 0, -1));
        resources.failing.add("c1");

        List<PodMetricSet.ContainerMetricSet> cs = service.pods().get(0).containers();

        assertThat(find(cs.get(0).values(), MetricCatalog.FS_USAGE)).isEmpty();
        assertThat(find(cs.get(0).values(), MetricCatalog.FILE_DESCRIPTORS)).isEmpty();
        assertThat(find(cs.get(0).values(), MetricCatalog.SPEC_CPU_SHARES)).isPresent();
        assertThat(find(cs.get(1).values(), MetricCatalog.FILE_DESCRIPTORS)).isPresent();
        assertThat(find(cs.get(1).values(), MetricCatalog.ULIMITS_SOFT))
                .as("unlimited")
                .isEmpty();
        assertThat(resources.filesystemCalls)
                .as("asked once per request for one mountpoint")
                .hasSize(1);
    }

    @Test
    void aPodNotReadyHasNoNetworkValuesAndNoContainersNoEngineCall() {
        sandboxes.put(ContainerServiceTest.sandbox(POD, new SandboxState.NotReady()));
        PodMetricSet pod = service.pods().get(0);
        assertThat(pod.values()).isEmpty();
        assertThat(pod.containers()).isEmpty();
        assertThat(resources.calls).isEmpty();
    }

    static MetricValue value(List<MetricValue> values, MetricCatalog metric) {
        return find(values, metric).orElseThrow(() -> new AssertionError(metric.metricName() + " missing"));
    }

    static Optional<MetricValue> find(List<MetricValue> values, MetricCatalog metric) {
        return values.stream().filter(v -> v.metric() == metric).findFirst();
    }
}
