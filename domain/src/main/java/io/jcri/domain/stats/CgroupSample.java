package io.jcri.domain.stats;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One reading of a task's cgroup, decoded from whichever cgroup version the node runs.
 *
 * @param cpuUsageNanos cumulative CPU time of the cgroup, in nanoseconds
 * @param memoryUsageBytes memory charged to the cgroup (page cache included)
 * @param inactiveFileBytes file-backed pages the kernel may reclaim first (not in the working set)
 * @param rssBytes anonymous memory (v1 {@code total_rss}, v2 {@code anon})
 * @param memoryLimitBytes the cgroup's limit, or 0 when it has none
 * @param processes tasks in the cgroup
 * @param detail the rest of the reading (what the CRI metrics report), {@link CgroupDetail#NONE}
 *     when not read
 * @param swap cgroup v2's swap use and limit; {@code null} on v1
 * @param pressure cgroup v2's pressure stall information; {@code null} on v1 or without PSI
 */
public record CgroupSample(
        Instant timestamp,
        long cpuUsageNanos,
        long memoryUsageBytes,
        long inactiveFileBytes,
        long rssBytes,
        long pageFaults,
        long majorPageFaults,
        long memoryLimitBytes,
        long processes,
        CgroupDetail detail,
        @Nullable SwapReading swap,
        @Nullable PressureReadings pressure) {

    /** Limits at or above this are the kernel's "no limit" (v1 reports a page-rounded max int64). */
    static final long UNLIMITED = 1L << 60;

    public CgroupSample {
        Objects.requireNonNull(timestamp, "timestamp");
        detail = detail == null ? CgroupDetail.NONE : detail;
    }

    /** A reading without swap and pressure (cgroup v1). */
    public CgroupSample(
            Instant timestamp,
            long cpuUsageNanos,
            long memoryUsageBytes,
            long inactiveFileBytes,
            long rssBytes,
            long pageFaults,
            long majorPageFaults,
            long memoryLimitBytes,
            long processes,
            CgroupDetail detail) {
        this(
                timestamp,
                cpuUsageNanos,
                memoryUsageBytes,
                inactiveFileBytes,
                rssBytes,
                pageFaults,
                majorPageFaults,
                memoryLimitBytes,
                processes,
                detail,
                null,
                null);
    }

    /** This reading with the given swap and pressure (read apart from the engine's metrics). */
    public CgroupSample withV2(@Nullable SwapReading s, @Nullable PressureReadings p) {
        return new CgroupSample(
                timestamp,
                cpuUsageNanos,
                memoryUsageBytes,
                inactiveFileBytes,
                rssBytes,
                pageFaults,
                majorPageFaults,
                memoryLimitBytes,
                processes,
                detail,
                s,
                p);
    }

    /** A reading without the detail. */
    public CgroupSample(
            Instant timestamp,
            long cpuUsageNanos,
            long memoryUsageBytes,
            long inactiveFileBytes,
            long rssBytes,
            long pageFaults,
            long majorPageFaults,
            long memoryLimitBytes,
            long processes) {
        this(
                timestamp,
                cpuUsageNanos,
                memoryUsageBytes,
                inactiveFileBytes,
                rssBytes,
                pageFaults,
                majorPageFaults,
                memoryLimitBytes,
                processes,
                CgroupDetail.NONE);
    }

    /** The working set: usage less inactive file pages, never negative (what kubelet evicts on). */
    public long workingSetBytes() {
        return Math.max(0, memoryUsageBytes - inactiveFileBytes);
    }

    /** What is left below the limit, or 0 when there is no limit. */
    public long availableBytes() {
        if (memoryLimitBytes <= 0 || memoryLimitBytes >= UNLIMITED) {
            return 0;
        }
        return Math.max(0, memoryLimitBytes - workingSetBytes());
    }

    /**
     * The sum of several cgroups' readings (a pod's containers), stamped with the latest time;
     * without the detail.
     */
    public static CgroupSample sum(Iterable<CgroupSample> samples, Instant fallback) {
        Instant at = null;
        long cpu = 0, usage = 0, inactive = 0, rss = 0, faults = 0, major = 0, procs = 0;
        for (CgroupSample s : samples) {
            at = at == null || s.timestamp().isAfter(at) ? s.timestamp() : at;
            cpu += s.cpuUsageNanos();
            usage += s.memoryUsageBytes();
            inactive += s.inactiveFileBytes();
            rss += s.rssBytes();
            faults += s.pageFaults();
            major += s.majorPageFaults();
            procs += s.processes();
        }
        return new CgroupSample(at == null ? fallback : at, cpu, usage, inactive, rss, faults, major, 0, procs);
    }
}
