package io.jcri.adapters.rest;

import java.time.Duration;

/**
 * What the admin API's long or large answers may cost: {@code /api/v1/events} subscribers at once
 * (more get 503), how long one event stream lasts before it is ended (an EventSource reconnects),
 * and how many bytes from the end of a log {@code logs?tail=N} reads at most.
 */
public record AdminLimits(int maxEventSubscribers, Duration eventStreamTimeout, long logTailMaxBytes) {
    public static final AdminLimits DEFAULTS = new AdminLimits(64, Duration.ofMinutes(30), 8L << 20);

    public AdminLimits {
        if (maxEventSubscribers < 1) {
            throw new IllegalArgumentException("events-max-subscribers must be at least 1, got " + maxEventSubscribers);
        }
        if (eventStreamTimeout == null || eventStreamTimeout.isNegative() || eventStreamTimeout.isZero()) {
            throw new IllegalArgumentException("events-timeout must be positive, got " + eventStreamTimeout);
        }
        if (logTailMaxBytes < 64 * 1024) {
            throw new IllegalArgumentException("logs-max-bytes must be at least 64KB, got " + logTailMaxBytes);
        }
    }
}
