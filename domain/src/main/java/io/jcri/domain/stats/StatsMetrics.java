package io.jcri.domain.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics the CRI's ListPodSandboxMetrics reports, named after cAdvisor's where the unit
 * matches (CPU is in nanoseconds: the CRI carries whole numbers). Pod-level metrics carry the
 * interface label; container metrics none.
 */
public final class StatsMetrics {
    private StatsMetrics() {}

    public enum Type {
        COUNTER,
        GAUGE
    }

    public record Descriptor(String name, String help, Type type, List<String> labelKeys) {
        public Descriptor {
            labelKeys = List.copyOf(labelKeys);
        }
    }

    public record Value(Descriptor descriptor, List<String> labelValues, long value) {
        public Value {
            labelValues = List.copyOf(labelValues);
        }
    }

    public static final Descriptor CPU = new Descriptor(
            "container_cpu_usage_nanoseconds_total",
            "Cumulative CPU time consumed, in nanoseconds",
            Type.COUNTER,
            List.of());
    public static final Descriptor WORKING_SET = new Descriptor(
            "container_memory_working_set_bytes", "Memory usage less inactive file pages", Type.GAUGE, List.of());
    public static final Descriptor MEMORY_USAGE = new Descriptor(
            "container_memory_usage_bytes", "Memory charged to the cgroup, page cache included", Type.GAUGE, List.of());
    public static final Descriptor RSS =
            new Descriptor("container_memory_rss", "Anonymous memory", Type.GAUGE, List.of());
    public static final Descriptor PAGE_FAULTS = new Descriptor(
            "container_memory_failures_total", "Page faults (all, minor and major)", Type.COUNTER, List.of());
    public static final Descriptor FS_USAGE =
            new Descriptor("container_fs_usage_bytes", "Bytes used by the writable layer", Type.GAUGE, List.of());
    public static final Descriptor FS_INODES =
            new Descriptor("container_fs_inodes_used", "Inodes used by the writable layer", Type.GAUGE, List.of());
    public static final Descriptor PROCESSES =
            new Descriptor("container_processes", "Processes in the cgroup", Type.GAUGE, List.of());
    public static final Descriptor RX_BYTES = new Descriptor(
            "container_network_receive_bytes_total", "Bytes received", Type.COUNTER, List.of("interface"));
    public static final Descriptor RX_ERRORS = new Descriptor(
            "container_network_receive_errors_total", "Receive errors", Type.COUNTER, List.of("interface"));
    public static final Descriptor TX_BYTES = new Descriptor(
            "container_network_transmit_bytes_total", "Bytes transmitted", Type.COUNTER, List.of("interface"));
    public static final Descriptor TX_ERRORS = new Descriptor(
            "container_network_transmit_errors_total", "Transmit errors", Type.COUNTER, List.of("interface"));

    public static List<Descriptor> descriptors() {
        return List.of(
                CPU,
                WORKING_SET,
                MEMORY_USAGE,
                RSS,
                PAGE_FAULTS,
                FS_USAGE,
                FS_INODES,
                PROCESSES,
                RX_BYTES,
                RX_ERRORS,
                TX_BYTES,
                TX_ERRORS);
    }

    /** A container's values: CPU and memory while it has a task, the writable layer when measured. */
    public static List<Value> of(ContainerStats s) {
        List<Value> out = new ArrayList<>();
        if (s.cpu() != null) {
            out.add(new Value(CPU, List.of(), s.cpu().usageCoreNanos()));
        }
        if (s.memory() != null) {
            out.add(new Value(WORKING_SET, List.of(), s.memory().workingSetBytes()));
            out.add(new Value(MEMORY_USAGE, List.of(), s.memory().usageBytes()));
            out.add(new Value(RSS, List.of(), s.memory().rssBytes()));
            out.add(new Value(PAGE_FAULTS, List.of(), s.memory().pageFaults()));
            out.add(new Value(PROCESSES, List.of(), s.processes()));
        }
        if (s.writableLayer() != null) {
            out.add(new Value(FS_USAGE, List.of(), s.writableLayer().usedBytes()));
            out.add(new Value(FS_INODES, List.of(), s.writableLayer().inodesUsed()));
        }
        return out;
    }

    /** A pod's own values: its network counters per interface. */
    public static List<Value> of(PodStats s) {
        List<Value> out = new ArrayList<>();
        if (s.network() != null) {
            for (InterfaceCounters i : s.network().interfaces()) {
                out.add(new Value(RX_BYTES, List.of(i.name()), i.rxBytes()));
                out.add(new Value(RX_ERRORS, List.of(i.name()), i.rxErrors()));
                out.add(new Value(TX_BYTES, List.of(i.name()), i.txBytes()));
                out.add(new Value(TX_ERRORS, List.of(i.name()), i.txErrors()));
            }
        }
        return out;
    }
}
