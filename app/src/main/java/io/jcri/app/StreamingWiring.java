package io.jcri.app;

import io.jcri.adapters.cni.NetnsPodPorts;
import io.jcri.adapters.cri.streaming.StreamLimits;
import io.jcri.adapters.cri.streaming.StreamingServer;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.application.streaming.StreamingService;
import io.jcri.ports.in.Streaming;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
        StreamingProperties s = p.streaming();
        return new StreamingService(
                runtime,
                io,
                containers,
                sandboxes,
                new NetnsPodPorts(),
                Clock.systemUTC(),
                new StreamingService.Settings(p.stateDir().resolve("io").resolve("exec"), s.tokenTtl(), s.maxTokens()));
    }

    @Bean(destroyMethod = "close")
    StreamingServer streamingServer(JcriConfiguration.ValidatedSettings settings, Streaming streaming) {
        StreamingProperties s = settings.properties().streaming();
        return StreamingServer.start(
                streaming,
                new StreamingServer.Settings(s.address(), s.idleTimeout(), s.tlsCert(), s.tlsKey(), limits(s)));
    }

    static StreamLimits limits(StreamingProperties s) {
        return new StreamLimits(
                s.maxConnections(),
                s.requestTimeout(),
                s.attachBufferSize().toBytes(),
                s.portForwardBufferSize().toBytes(),
                s.maxPortForwardStreams());
    }
}
