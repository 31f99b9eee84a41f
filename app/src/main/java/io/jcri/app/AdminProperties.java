package io.jcri.app;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code jcri.admin.*}: the admin API.
 *
 * @param token bearer token the admin API ({@code /api/**}, {@code /v3/api-docs}) and the actuator (but its
 *     liveness and readiness probes) require; empty for none, only allowed while {@code server.address} is a
 *     loopback address
 * @param eventsMaxSubscribers {@code /api/v1/events} subscribers at once; more get 503
 * @param eventsTimeout an event stream ends after this (an EventSource reconnects)
 * @param logsMaxBytes {@code logs?tail=N} reads at most this much from the end of the log file
 */
public record AdminProperties(
        String token,
        @DefaultValue("64") int eventsMaxSubscribers,
        @DefaultValue("30m") Duration eventsTimeout,
        @DefaultValue("8MB") DataSize logsMaxBytes) {
    public AdminProperties {
        token = token == null ? "" : token;
    }
}
