package io.jcri.app;

import io.jcri.adapters.cni.NetnsPodPorts;
import io.jcri.adapters.cri.streaming.StreamLimits;
import io.jcri.adapters.cri.streaming.StreamingServer;
import io.jcri.ports.application.Containers;
import io.jcri.ports.application.Sandboxes;
import io.jcri.ports.application.StreamingService;
import io.jcri.ports.in.Streaming;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * Exec, Attach and PortForward: the streaming service and the streaming server on {@code
 * jcri.streaming.address} (exec FIFOs under {@code <jcri.state-dir>/io/exec}).
 */
@Configuration(proxyBeanMethods = false)
class StreamingWiring {

    @Bean
    StreamingService streaming(
            JcriConfiguration.ValidatedSettings settings,
            ContainerRuntime runtime,
            ContainerIo io,
            Containers containers,
            Sandboxes sandboxes) {
        JcriProperties p = settings.properties();
        JcriProperties.Streaming s = p.getStreaming();
        validate(s);
        return new StreamingService(
                runtime,
                io,
                containers,
                sandboxes,
                new NetnsPodPorts(),
                Clock.systemUTC(),
                new StreamingService.Settings(
                        p.getStateDir().resolve("io").resolve("exec"), s.getTokenTtl(), s.getMaxTokens()));
    }

    @Bean(destroyMethod = "close")
    StreamingServer streamingServer(JcriConfiguration.ValidatedSettings settings, Streaming streaming) {
        JcriProperties.Streaming s = settings.properties().getStreaming();
        return StreamingServer.start(
                streaming,
                new StreamingServer.Settings(
                        s.getAddress(), s.getIdleTimeout(), s.getTlsCert(), s.getTlsKey(), limits(s)));
    }

    static StreamLimits limits(StreamingLimitsProperties s) {
        return new StreamLimits(
                s.getMaxConnections(),
                s.getRequestTimeout(),
                s.getAttachBufferSize().toBytes(),
                s.getPortForwardBufferSize().toBytes(),
                s.getMaxPortForwardStreams());
    }

    /** The streaming settings' checks (also made before start-up, by {@link JcriConfigCheck}). */
    static void validate(JcriProperties.Streaming s) {
        positive("jcri.streaming.idle-timeout", s.getIdleTimeout());
        positive("jcri.streaming.token-ttl", s.getTokenTtl());
        if (s.getMaxTokens() < 1) {
            throw new InvalidConfigurationException(
                    "jcri.streaming.max-tokens", "must be at least 1, got " + s.getMaxTokens());
        }
        validateLimits(s);
        if ((s.getTlsCert() == null) != (s.getTlsKey() == null)) {
            throw new InvalidConfigurationException(
                    "jcri.streaming.tls-cert",
                    "set both jcri.streaming.tls-cert and jcri.streaming.tls-key, or neither");
        }
    }

    private static void validateLimits(StreamingLimitsProperties s) {
        positive("jcri.streaming.request-timeout", s.getRequestTimeout());
        range("jcri.streaming.max-connections", s.getMaxConnections(), 1, 1_000_000);
        range("jcri.streaming.max-port-forward-streams", s.getMaxPortForwardStreams(), 1, 65_536);
        bytes("jcri.streaming.attach-buffer-size", s.getAttachBufferSize());
        bytes("jcri.streaming.port-forward-buffer-size", s.getPortForwardBufferSize());
    }

    private static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(key, "must be " + min + " to " + max + ", got " + value);
        }
    }

    private static void bytes(String key, DataSize value) {
        if (value == null || value.toBytes() < 4096 || value.toBytes() > (1L << 30)) {
            throw new InvalidConfigurationException(key, "must be 4KB to 1GB, got " + value);
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new InvalidConfigurationException(key, "must be positive, got " + value);
        }
    }
}
