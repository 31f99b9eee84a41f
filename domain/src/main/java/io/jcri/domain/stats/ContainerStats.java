package io.jcri.domain.stats;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A container's statistics. {@code cpu} and {@code memory} are absent while it has no task (not
 * started, or exited), {@code writableLayer} when its snapshot cannot be measured; {@code swap}
 * and {@code pressure} (CPU, memory and I/O stall) come only from cgroup v2 and are absent on v1.
 */
public record ContainerStats(
        String id,
        String sandboxId,
        String name,
        int attempt,
        Map<String, String> labels,
        Map<String, String> annotations,
        @Nullable CpuUsage cpu,
        @Nullable MemoryUsage memory,
        @Nullable FsUsage writableLayer,
        long processes,
        @Nullable SwapUsage swap,
        @Nullable PressureReadings pressure) {
    public ContainerStats {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sandboxId, "sandboxId");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** Stats without swap and pressure. */
    public ContainerStats(
            String id,
            String sandboxId,
            String name,
            int attempt,
            Map<String, String> labels,
            Map<String, String> annotations,
            @Nullable CpuUsage cpu,
            @Nullable MemoryUsage memory,
            @Nullable FsUsage writableLayer,
            long processes) {
        this(id, sandboxId, name, attempt, labels, annotations, cpu, memory, writableLayer, processes, null, null);
    }
}
