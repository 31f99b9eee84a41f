package io.jcri.domain.stats;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A pod's statistics: CPU, memory and processes summed over its pause task and containers, the
 * network counters of its netns (absent on the host network), and each container's own;
 * {@code pressure} is the pod cgroup's stall information (cgroup v2 only, absent on v1).
 */
public record PodStats(
        String id,
        String name,
        String namespace,
        String uid,
        int attempt,
        Map<String, String> labels,
        Map<String, String> annotations,
        @Nullable CpuUsage cpu,
        @Nullable MemoryUsage memory,
        @Nullable NetworkUsage network,
        long processes,
        List<ContainerStats> containers,
        @Nullable PressureReadings pressure) {
    public PodStats {
        Objects.requireNonNull(id, "id");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        containers = List.copyOf(containers);
    }

    /** Stats without pressure. */
    public PodStats(
            String id,
            String name,
            String namespace,
            String uid,
            int attempt,
            Map<String, String> labels,
            Map<String, String> annotations,
            @Nullable CpuUsage cpu,
            @Nullable MemoryUsage memory,
            @Nullable NetworkUsage network,
            long processes,
            List<ContainerStats> containers) {
        this(id, name, namespace, uid, attempt, labels, annotations, cpu, memory, network, processes, containers, null);
    }
}
