package io.jcri.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.LinuxResources;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetricCatalogTest {
    static final Instant STARTED = Instant.parse("2024-01-01T00:00:00Z");
    static final Instant SEEN = STARTED.plusSeconds(90);
    static final MetricLabels LABELS = new MetricLabels("app", "c1", "busybox:1.36", "default", "web");

    /** The names the CRI validation suite expects a runtime to describe and report. */
    static final List<String> CADVISOR_NAMES = List.of(
            "container_blkio_device_usage_total",
            "container_cpu_cfs_periods_total",
            "container_cpu_cfs_throttled_periods_total",
            "container_cpu_cfs_throttled_seconds_total",
            "container_cpu_system_seconds_total",
            "container_cpu_usage_seconds_total",
            "container_cpu_user_seconds_total",
            "container_file_descriptors",
            "container_fs_inodes_free",
            "container_fs_inodes_total",
            "container_fs_limit_bytes",
            "container_fs_reads_bytes_total",
            "container_fs_reads_total",
            "container_fs_usage_bytes",
            "container_fs_writes_bytes_total",
            "container_fs_writes_total",
            "container_hugetlb_max_usage_bytes",
            "container_hugetlb_usage_bytes",
            "container_last_seen",
            "container_memory_cache",
            "container_memory_failcnt",
            "container_memory_failures_total",
            "container_memory_kernel_usage",
            "container_memory_mapped_file",
            "container_memory_max_usage_bytes",
            "container_memory_rss",
            "container_memory_swap",
            "container_memory_usage_bytes",
            "container_memory_working_set_bytes",
            "container_network_receive_bytes_total",
            "container_network_receive_errors_total",
            "container_network_receive_packets_dropped_total",
            "container_network_receive_packets_total",
            "container_network_transmit_bytes_total",
            "container_network_transmit_errors_total",
            "container_network_transmit_packets_dropped_total",
            "container_network_transmit_packets_total",
            "container_oom_events_total",
            "container_pressure_cpu_stalled_seconds_total",
            "container_pressure_cpu_waiting_seconds_total",
            "container_pressure_io_stalled_seconds_total",
            "container_pressure_io_waiting_seconds_total",
            "container_pressure_memory_stalled_seconds_total",
            "container_pressure_memory_waiting_seconds_total",
            "container_processes",
            "container_sockets",
            "container_spec_cpu_period",
            "container_spec_cpu_quota",
            "container_spec_cpu_shares",
            "container_spec_memory_limit_bytes",
            "container_spec_memory_reservation_limit_bytes",
            "container_spec_memory_swap_limit_bytes",
            "container_start_time_seconds",
            "container_threads",
            "container_threads_max",
            "container_ulimits_soft");

    @Test
    void everyExpectedNameIsDescribedOnceWithHelpAndTheBaseLabelsFirst() {
        List<String> names = Arrays.stream(MetricCatalog.values())
                .map(MetricCatalog::metricName)
                .toList();
        assertThat(names).doesNotHaveDuplicates().containsAll(CADVISOR_NAMES);
        for (MetricCatalog m : MetricCatalog.values()) {
            assertThat(m.help()).as(m.metricName()).isNotBlank();
            assertThat(m.labelKeys())
                    .as(m.metricName())
                    .startsWith(MetricCatalog.BASE_LABEL_KEYS.toArray(String[]::new));
            assertThat(m.labelKeys()).as(m.metricName()).doesNotHaveDuplicates();
        }
        assertThat(MetricCatalog.CPU_USAGE.labelKeys())
                .containsExactly("container", "id", "image", "namespace", "pod", "cpu");
        assertThat(MetricCatalog.BLKIO_DEVICE_USAGE.extraLabelCount()).isEqualTo(4);
        assertThat(MetricCatalog.NETWORK_RX_BYTES.labelKeys()).endsWith("interface");
    }

    @Test
    void aFullReadingReportsEveryMetricWithOneLabelValuePerKey() {
        List<MetricValue> values = MetricValues.of(fullReading());
        values = new java.util.ArrayList<>(values);
        values.addAll(MetricValues.of(new PodReading(
                new MetricLabels(MetricLabels.POD, "p1", "pause:3.9", "default", "web"),
                List.of(new InterfaceCounters("eth0", 1000, 1, 2000, 2, 10, 3, 20, 4)))));
        Set<MetricCatalog> reported = values.stream()
                .map(MetricValue::metric)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(MetricCatalog.class)));
        assertThat(reported).containsExactlyInAnyOrder(MetricCatalog.values());
        for (MetricValue v : values) {
            assertThat(v.labelValues())
                    .as(v.metric().metricName())
                    .hasSameSizeAs(v.metric().labelKeys());
            assertThat(v.labelValues().subList(0, 5))
                    .as(v.metric().metricName())
                    .isNotEqualTo(List.of("", "", "", "", ""));
        }
    }

    @Test
    void valuesAreConvertedToTheUnitsTheirNamesSay() {
        Map<String, Long> v = byKey(MetricValues.of(fullReading()));
        assertThat(v)
                .containsEntry("container_cpu_usage_seconds_total{total}", 12L)
                .containsEntry("container_cpu_user_seconds_total", 8L)
                .containsEntry("container_cpu_system_seconds_total", 4L)
                .containsEntry("container_cpu_cfs_throttled_seconds_total", 2L)
                .containsEntry("container_cpu_cfs_periods_total", 50L)
                .containsEntry("container_pressure_io_stalled_seconds_total", 6L)
                .containsEntry("container_start_time_seconds", STARTED.getEpochSecond())
                .containsEntry("container_last_seen", SEEN.getEpochSecond())
                .containsEntry("container_memory_working_set_bytes", 70_000L)
                .containsEntry("container_memory_failures_total{pgfault,container}", 90L)
                .containsEntry("container_memory_failures_total{pgfault,hierarchy}", 100L)
                .containsEntry("container_memory_failures_total{pgmajfault,hierarchy}", 3L)
                .containsEntry("container_oom_events_total", 1L)
                .containsEntry("container_fs_reads_bytes_total{/dev/vda}", 4096L)
                .containsEntry("container_fs_writes_total{/dev/vda}", 9L)
                .containsEntry("container_blkio_device_usage_total{/dev/vda,254,0,Write}", 8192L)
                .containsEntry("container_ulimits_soft{max_open_files}", 1024L)
                .containsEntry("container_spec_cpu_quota", 20_000L)
                .containsEntry("container_spec_memory_limit_bytes", 64L << 20)
                .containsEntry("container_fs_inodes_free", 400L)
                .containsEntry("container_threads", 7L)
                .containsEntry("container_threads_max", 512L);
    }

    @Test
    void unsetSpecValuesAreTheKernelDefaultsAndAQuotaOnlyWhenSet() {
        ContainerReading bare =
                new ContainerReading(LABELS, SEEN, STARTED, LinuxResources.NONE, null, null, null, null);
        Map<String, Long> v = byKey(MetricValues.of(bare));
        assertThat(v)
                .containsEntry("container_spec_cpu_period", 100_000L)
                .containsEntry("container_spec_cpu_shares", 1024L)
                .containsEntry("container_spec_memory_limit_bytes", 0L)
                .doesNotContainKey("container_spec_cpu_quota")
                .doesNotContainKey("container_memory_usage_bytes")
                .doesNotContainKey("container_fs_usage_bytes");
    }

    @Test
    void withoutProcReadingsTheCgroupsTaskCountStandsForProcessesAndThreads() {
        ContainerReading r = fullReading();
        ContainerReading noProc = new ContainerReading(
                r.labels(), r.seenAt(), r.startedAt(), r.spec(), r.cgroup(), null, r.layer(), r.filesystem());
        Map<String, Long> v = byKey(MetricValues.of(noProc));
        assertThat(v)
                .containsEntry("container_processes", 5L)
                .containsEntry("container_threads", 5L)
                .doesNotContainKey("container_file_descriptors");
    }

    @Test
    void aValueWithTheWrongNumberOfLabelsIsRefused() {
        assertThatThrownBy(() -> new MetricValue(MetricCatalog.CPU_USAGE, LABELS.values(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container_cpu_usage_seconds_total");
    }

    static ContainerReading fullReading() {
        CgroupDetail detail = new CgroupDetail(
                new CgroupDetail.Cpu(8_500_000_000L, 4_200_000_000L, 50, 7, 2_100_000_000L),
                new CgroupDetail.Memory(30_000, 4_000, 2_000, 1_000, 2, 150_000, 90, 2, 1),
                512,
                List.of(
                        new CgroupDetail.BlockIo("/dev/vda", 254, 0, "Read", 4096, 3),
                        new CgroupDetail.BlockIo("/dev/vda", 254, 0, "Write", 8192, 9)),
                List.of(new CgroupDetail.Hugetlb("2MB", 2 << 20, 4 << 20)),
                new CgroupDetail.Pressure(1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000, 6_500_000));
        CgroupSample cgroup = new CgroupSample(SEEN, 12_900_000_000L, 100_000, 30_000, 60_000, 100, 3, 0, 5, detail);
        LinuxResources spec = LinuxResources.NONE.withCpu(1024, 20_000, 100_000).withMemory(64L << 20, 64L << 20);
        return new ContainerReading(
                LABELS,
                SEEN,
                STARTED,
                spec,
                cgroup,
                new ProcessTotals(2, 7, 12, 3, 1024),
                new FsUsage(SEEN, "/var/lib/containerd/snapshots", 8192, 10),
                new FsCapacity(1L << 30, 1000, 400));
    }

    /** Values by name, with the metric's own label values in braces. */
    static Map<String, Long> byKey(List<MetricValue> values) {
        return values.stream()
                .collect(Collectors.toMap(
                        v -> {
                            List<String> extra =
                                    v.labelValues().subList(5, v.labelValues().size());
                            return v.metric().metricName()
                                    + (extra.isEmpty() ? "" : "{" + String.join(",", extra) + "}");
                        },
                        MetricValue::value));
    }
}
