package io.jcri.domain.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics ListMetricDescriptors announces and ListPodSandboxMetrics reports, one row each:
 * the name (cAdvisor's, as the kubelet's {@code /metrics/cadvisor} shows them), its type, its help
 * and the label keys it adds after {@link #BASE_LABEL_KEYS}. Values are whole numbers (the CRI
 * carries unsigned integers), so the {@code _seconds} metrics count whole seconds. The network
 * metrics are the pod's (its netns); every other one is a container's.
 */
public enum MetricCatalog {
    CPU_USAGE("container_cpu_usage_seconds_total", Type.COUNTER, "Cumulative CPU time consumed, in seconds.", "cpu"),
    CPU_USER("container_cpu_user_seconds_total", Type.COUNTER, "Cumulative user CPU time consumed, in seconds."),
    CPU_SYSTEM("container_cpu_system_seconds_total", Type.COUNTER, "Cumulative system CPU time consumed, in seconds."),
    CPU_CFS_PERIODS("container_cpu_cfs_periods_total", Type.COUNTER, "Number of elapsed CFS enforcement periods."),
    CPU_CFS_THROTTLED_PERIODS(
            "container_cpu_cfs_throttled_periods_total",
            Type.COUNTER,
            "Number of CFS periods in which the container was throttled."),
    CPU_CFS_THROTTLED_SECONDS(
            "container_cpu_cfs_throttled_seconds_total",
            Type.COUNTER,
            "Total time the container was throttled, in seconds."),

    MEMORY_CACHE("container_memory_cache", Type.GAUGE, "Page cache memory, in bytes."),
    MEMORY_RSS("container_memory_rss", Type.GAUGE, "Anonymous memory (RSS), in bytes."),
    MEMORY_KERNEL("container_memory_kernel_usage", Type.GAUGE, "Kernel memory charged to the container, in bytes."),
    MEMORY_MAPPED_FILE("container_memory_mapped_file", Type.GAUGE, "Memory-mapped files, in bytes."),
    MEMORY_SWAP("container_memory_swap", Type.GAUGE, "Swap used by the container, in bytes."),
    MEMORY_FAILCNT("container_memory_failcnt", Type.COUNTER, "Number of times memory usage hit the limit."),
    MEMORY_USAGE("container_memory_usage_bytes", Type.GAUGE, "Memory usage, page cache included, in bytes."),
    MEMORY_MAX_USAGE("container_memory_max_usage_bytes", Type.GAUGE, "Highest memory usage recorded, in bytes."),
    MEMORY_WORKING_SET(
            "container_memory_working_set_bytes",
            Type.GAUGE,
            "Working set: memory usage less inactive file pages, in bytes."),
    MEMORY_FAILURES(
            "container_memory_failures_total",
            Type.COUNTER,
            "Cumulative count of page faults, by type (pgfault, pgmajfault) and scope (container, hierarchy).",
            "failure_type",
            "scope"),
    OOM_EVENTS("container_oom_events_total", Type.COUNTER, "Number of the container's processes the OOM killer ended."),

    FS_INODES_FREE("container_fs_inodes_free", Type.GAUGE, "Free inodes of the filesystem holding the writable layer."),
    FS_INODES_TOTAL("container_fs_inodes_total", Type.GAUGE, "Inodes of the filesystem holding the writable layer."),
    FS_LIMIT("container_fs_limit_bytes", Type.GAUGE, "Size of the filesystem holding the writable layer, in bytes."),
    FS_USAGE("container_fs_usage_bytes", Type.GAUGE, "Bytes used by the container's writable layer."),
    FS_READS_BYTES("container_fs_reads_bytes_total", Type.COUNTER, "Cumulative count of bytes read.", "device"),
    FS_READS("container_fs_reads_total", Type.COUNTER, "Cumulative count of reads completed.", "device"),
    FS_WRITES_BYTES("container_fs_writes_bytes_total", Type.COUNTER, "Cumulative count of bytes written.", "device"),
    FS_WRITES("container_fs_writes_total", Type.COUNTER, "Cumulative count of writes completed.", "device"),
    BLKIO_DEVICE_USAGE(
            "container_blkio_device_usage_total",
            Type.COUNTER,
            "Block I/O bytes, by device and operation.",
            "device",
            "major",
            "minor",
            "operation"),
    HUGETLB_USAGE("container_hugetlb_usage_bytes", Type.GAUGE, "Hugepage usage, in bytes.", "pagesize"),
    HUGETLB_MAX_USAGE(
            "container_hugetlb_max_usage_bytes", Type.GAUGE, "Highest hugepage usage recorded, in bytes.", "pagesize"),

    PRESSURE_CPU_WAITING(
            "container_pressure_cpu_waiting_seconds_total",
            Type.COUNTER,
            "Time tasks of the container waited for CPU, in seconds (cgroup v2 only)."),
    PRESSURE_CPU_STALLED(
            "container_pressure_cpu_stalled_seconds_total",
            Type.COUNTER,
            "Time no task of the container could run for want of CPU, in seconds (cgroup v2 only)."),
    PRESSURE_MEMORY_WAITING(
            "container_pressure_memory_waiting_seconds_total",
            Type.COUNTER,
            "Time tasks of the container waited for memory, in seconds (cgroup v2 only)."),
    PRESSURE_MEMORY_STALLED(
            "container_pressure_memory_stalled_seconds_total",
            Type.COUNTER,
            "Time no task of the container could run for want of memory, in seconds (cgroup v2 only)."),
    PRESSURE_IO_WAITING(
            "container_pressure_io_waiting_seconds_total",
            Type.COUNTER,
            "Time tasks of the container waited for I/O, in seconds (cgroup v2 only)."),
    PRESSURE_IO_STALLED(
            "container_pressure_io_stalled_seconds_total",
            Type.COUNTER,
            "Time no task of the container could run for want of I/O, in seconds (cgroup v2 only)."),

    FILE_DESCRIPTORS("container_file_descriptors", Type.GAUGE, "Open file descriptors of the container's processes."),
    PROCESSES("container_processes", Type.GAUGE, "Processes running in the container."),
    SOCKETS("container_sockets", Type.GAUGE, "Open sockets of the container's processes."),
    THREADS("container_threads", Type.GAUGE, "Threads running in the container."),
    THREADS_MAX("container_threads_max", Type.GAUGE, "Maximum threads allowed in the container; 0 when unlimited."),
    ULIMITS_SOFT("container_ulimits_soft", Type.GAUGE, "Soft ulimits of the container's first process.", "ulimit"),

    SPEC_CPU_PERIOD("container_spec_cpu_period", Type.GAUGE, "CFS period of the container, in microseconds."),
    SPEC_CPU_QUOTA("container_spec_cpu_quota", Type.GAUGE, "CFS quota of the container, in microseconds."),
    SPEC_CPU_SHARES("container_spec_cpu_shares", Type.GAUGE, "CPU shares of the container."),
    SPEC_MEMORY_LIMIT(
            "container_spec_memory_limit_bytes", Type.GAUGE, "Memory limit of the container, in bytes; 0 for none."),
    SPEC_MEMORY_RESERVATION_LIMIT(
            "container_spec_memory_reservation_limit_bytes",
            Type.GAUGE,
            "Memory reservation (soft limit) of the container, in bytes; 0 for none."),
    SPEC_MEMORY_SWAP_LIMIT(
            "container_spec_memory_swap_limit_bytes",
            Type.GAUGE,
            "Memory plus swap limit of the container, in bytes; 0 for none."),
    START_TIME("container_start_time_seconds", Type.GAUGE, "When the container started, in seconds since the epoch."),
    LAST_SEEN("container_last_seen", Type.GAUGE, "When the container was last read, in seconds since the epoch."),

    NETWORK_RX_BYTES(
            "container_network_receive_bytes_total", Type.COUNTER, "Cumulative count of bytes received.", "interface"),
    NETWORK_RX_PACKETS(
            "container_network_receive_packets_total",
            Type.COUNTER,
            "Cumulative count of packets received.",
            "interface"),
    NETWORK_RX_DROPPED(
            "container_network_receive_packets_dropped_total",
            Type.COUNTER,
            "Cumulative count of packets dropped while receiving.",
            "interface"),
    NETWORK_RX_ERRORS(
            "container_network_receive_errors_total",
            Type.COUNTER,
            "Cumulative count of errors encountered while receiving.",
            "interface"),
    NETWORK_TX_BYTES(
            "container_network_transmit_bytes_total",
            Type.COUNTER,
            "Cumulative count of bytes transmitted.",
            "interface"),
    NETWORK_TX_PACKETS(
            "container_network_transmit_packets_total",
            Type.COUNTER,
            "Cumulative count of packets transmitted.",
            "interface"),
    NETWORK_TX_DROPPED(
            "container_network_transmit_packets_dropped_total",
            Type.COUNTER,
            "Cumulative count of packets dropped while transmitting.",
            "interface"),
    NETWORK_TX_ERRORS(
            "container_network_transmit_errors_total",
            Type.COUNTER,
            "Cumulative count of errors encountered while transmitting.",
            "interface");

    /** The labels every metric starts with, in this order: see {@link MetricLabels}. */
    public static final List<String> BASE_LABEL_KEYS = Base.KEYS;

    /** Holds the base keys apart: the constants are built before the enum's own static fields. */
    private static final class Base {
        static final List<String> KEYS = List.of("container", "id", "image", "namespace", "pod");
    }

    public enum Type {
        COUNTER,
        GAUGE
    }

    private final String metricName;
    private final Type type;
    private final String help;
    private final List<String> labelKeys;

    MetricCatalog(String metricName, Type type, String help, String... extraLabelKeys) {
        this.metricName = metricName;
        this.type = type;
        this.help = help;
        List<String> keys = new ArrayList<>(Base.KEYS);
        keys.addAll(List.of(extraLabelKeys));
        this.labelKeys = List.copyOf(keys);
    }

    public String metricName() {
        return metricName;
    }

    public Type type() {
        return type;
    }

    public String help() {
        return help;
    }

    /** The base keys, then this metric's own. */
    public List<String> labelKeys() {
        return labelKeys;
    }

    /** How many label keys this metric adds to the base ones. */
    public int extraLabelCount() {
        return labelKeys.size() - Base.KEYS.size();
    }
}
