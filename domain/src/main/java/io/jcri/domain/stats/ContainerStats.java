package io.jcri.domain.stats;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A container's statistics. {@code cpu} and {@code memory} are absent while it has no task (not
 * started, or exited), {@code writableLayer} when its snapshot cannot be measured.
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
        long processes) {
    public ContainerStats {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sandboxId, "sandboxId");
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
