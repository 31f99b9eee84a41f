package io.jcri.app;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code jcri.streaming.*}: the streaming server (exec, attach, port-forward) and the bounds on
 * what its clients may cost.
 *
 * @param idleTimeout a streaming connection with no traffic either way for this long is closed
 * @param tokenTtl how long an Exec/Attach/PortForward URL stays valid
 * @param maxTokens how many URLs may wait for their client at once
 * @param tlsCert PEM certificate chain: serve HTTPS (with {@code tls-key}); unset for plain HTTP
 * @param tlsKey PEM PKCS#8 private key of {@code tls-cert}
 * @param maxConnections streaming connections open at once; more are closed as they arrive
 * @param requestTimeout a streaming connection that has not sent its HTTP request within this is closed
 * @param attachBufferSize output an attach client may leave unread before its stream is closed (the log keeps
 *     all)
 * @param portForwardBufferSize what a port-forward client may send before its pod connection is made; reading
 *     pauses beyond
 * @param maxPortForwardStreams forwarded connections (port-forward stream pairs) one client connection may hold
 */
public record StreamingProperties(
        @DefaultValue("127.0.0.1:0") String address,
        @DefaultValue("4h") Duration idleTimeout,
        @DefaultValue("1m") Duration tokenTtl,
        @DefaultValue("1000") int maxTokens,
        @Nullable Path tlsCert,
        @Nullable Path tlsKey,
        @DefaultValue("1024") int maxConnections,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("4MB") DataSize attachBufferSize,
        @DefaultValue("256KB") DataSize portForwardBufferSize,
        @DefaultValue("128") int maxPortForwardStreams) {}
