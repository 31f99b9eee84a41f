package io.jcri.domain.stats;

import java.time.Instant;
import java.util.Objects;

/** Cumulative CPU time and the current rate in nano-cores (see {@link CpuRate}). */
public record CpuUsage(Instant timestamp, long usageCoreNanos, long usageNanoCores) {
    public CpuUsage {
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
