package io.jcri.domain.stats;

/**
 * A cgroup v2 swap reading: {@code memory.swap.current} and {@code memory.swap.max} (0 for
 * {@code max}, no limit). Cgroup v1 gives none (its {@code memsw} counts memory and swap together).
 */
public record SwapReading(long usageBytes, long limitBytes) {

    /** What is left below the limit, or 0 when there is no limit. */
    public long availableBytes() {
        if (limitBytes <= 0 || limitBytes >= CgroupSample.UNLIMITED) {
            return 0;
        }
        return Math.max(0, limitBytes - usageBytes);
    }
}
