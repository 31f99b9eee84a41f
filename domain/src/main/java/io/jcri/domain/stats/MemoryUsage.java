package io.jcri.domain.stats;

import java.time.Instant;
import java.util.Objects;

/** Memory as the kubelet reads it: working set (usage less inactive file pages), RSS and faults. */
public record MemoryUsage(
        Instant timestamp,
        long workingSetBytes,
        long availableBytes,
        long usageBytes,
        long rssBytes,
        long pageFaults,
        long majorPageFaults) {
    public MemoryUsage {
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public static MemoryUsage of(CgroupSample s) {
        return new MemoryUsage(
                s.timestamp(),
                s.workingSetBytes(),
                s.availableBytes(),
                s.memoryUsageBytes(),
                s.rssBytes(),
                s.pageFaults(),
                s.majorPageFaults());
    }
}
