package io.jcri.app;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * The {@code jcri.streaming.*} keys that bound what streaming clients may cost (the rest of the
 * section is {@link JcriProperties.Streaming}, which extends this).
 */
public class StreamingLimitsProperties {
    /** Streaming connections open at once; more are closed as they arrive. */
    private int maxConnections = 1024;
    /** A streaming connection that has not sent its HTTP request within this is closed. */
    private Duration requestTimeout = Duration.ofSeconds(10);
    /** Output an attach client may leave unread before its stream is closed (the log keeps all). */
    private DataSize attachBufferSize = DataSize.ofMegabytes(4);
    /** What a port-forward client may send before its pod connection is made; reading pauses beyond. */
    private DataSize portForwardBufferSize = DataSize.ofKilobytes(256);
    /** Forwarded connections (port-forward stream pairs) one client connection may hold. */
    private int maxPortForwardStreams = 128;

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public DataSize getAttachBufferSize() {
        return attachBufferSize;
    }

    public void setAttachBufferSize(DataSize attachBufferSize) {
        this.attachBufferSize = attachBufferSize;
    }

    public DataSize getPortForwardBufferSize() {
        return portForwardBufferSize;
    }

    public void setPortForwardBufferSize(DataSize portForwardBufferSize) {
        this.portForwardBufferSize = portForwardBufferSize;
    }

    public int getMaxPortForwardStreams() {
        return maxPortForwardStreams;
    }

    public void setMaxPortForwardStreams(int maxPortForwardStreams) {
        this.maxPortForwardStreams = maxPortForwardStreams;
    }
}
