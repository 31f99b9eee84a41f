package io.jcri.domain.stats;

import java.time.Duration;
import java.time.Instant;

/** CPU use as a rate: nanoseconds of CPU per second of wall time, i.e. billionths of a core. */
public final class CpuRate {
    private CpuRate() {}

    /**
     * The rate between two cumulative readings. 0 when no time passed, or when the counter went
     * backwards (a new cgroup under the same id).
     */
    public static long nanoCores(long previousNanos, Instant previousAt, long currentNanos, Instant currentAt) {
        long wallNanos = Duration.between(previousAt, currentAt).toNanos();
        long cpu = currentNanos - previousNanos;
        if (wallNanos <= 0 || cpu < 0) {
            return 0;
        }
        return (long) ((double) cpu * 1_000_000_000d / wallNanos);
    }
}
