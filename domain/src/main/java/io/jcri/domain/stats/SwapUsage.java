package io.jcri.domain.stats;

import java.time.Instant;
import java.util.Objects;

/** A container's swap as the CRI reports it (cgroup v2 only). */
public record SwapUsage(Instant timestamp, long availableBytes, long usageBytes) {
    public SwapUsage {
        Objects.requireNonNull(timestamp, "timestamp");
    }

    public static SwapUsage of(Instant timestamp, SwapReading s) {
        return new SwapUsage(timestamp, s.availableBytes(), s.usageBytes());
    }
}
