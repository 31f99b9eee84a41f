package io.jcri.adapters.cri.streaming;

import io.jcri.domain.error.JcriException;
import java.time.Duration;
import java.util.Objects;

/**
 * What one streaming server lets its clients cost: open connections, the time a connection may
 * take to send its HTTP request, the output an attach client may leave unread before it loses its
 * stream, what a port-forward stream may send before its pod connection is made, and the
 * port-forward streams one connection may hold.
 *
 * @param maxConnections connections open at once; more are closed as they arrive
 * @param requestTimeout a connection whose HTTP request has not arrived by then is closed
 * @param attachBufferBytes unread output an attach client may have queued before it is closed
 * @param portForwardBufferBytes bytes a forwarded connection may send before its pod connection is
 *     made; beyond them, reading from the client pauses until it is
 * @param maxPortForwardStreams port-forward pairs (forwarded connections, complete or not) one
 *     client connection may have open; more are refused
 */
public record StreamLimits(
        int maxConnections,
        Duration requestTimeout,
        long attachBufferBytes,
        long portForwardBufferBytes,
        int maxPortForwardStreams) {
    public static final StreamLimits DEFAULTS =
            new StreamLimits(1024, Duration.ofSeconds(10), 4L << 20, 256L << 10, 128);

    public StreamLimits {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (maxConnections < 1) {
            throw new JcriException.InvalidArgument(
                    "streaming max-connections must be at least 1, got " + maxConnections);
        }
        if (requestTimeout.isZero() || requestTimeout.isNegative()) {
            throw new JcriException.InvalidArgument(
                    "streaming request-timeout must be positive, got " + requestTimeout);
        }
        if (attachBufferBytes < 1 || portForwardBufferBytes < 1) {
            throw new JcriException.InvalidArgument("streaming buffer sizes must be positive, got attach "
                    + attachBufferBytes + ", port-forward " + portForwardBufferBytes);
        }
        if (maxPortForwardStreams < 1) {
            throw new JcriException.InvalidArgument(
                    "streaming max-port-forward-streams must be at least 1, got " + maxPortForwardStreams);
        }
    }
}
