package io.jcri.adapters.cri;

import io.grpc.BindableService;
import io.jcri.adapters.cri.streaming.StreamingServer;
import io.jcri.ports.in.Checkpointing;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.in.Metrics;
import io.jcri.ports.in.RuntimeEvents;
import io.jcri.ports.in.RuntimeStatus;
import io.jcri.ports.in.SandboxLifecycle;
import io.jcri.ports.in.Stats;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;

/** The CRI services and their edge interceptor, as beans for the gRPC server. */
@Configuration(proxyBeanMethods = false)
public class CriGrpcConfiguration {

    @Bean
    BindableService criRuntimeService(
            RuntimeStatus runtimeStatus,
            SandboxLifecycle sandboxes,
            ContainerLifecycle containerLifecycle,
            StreamingServer streamingServer,
            Stats stats,
            Metrics metrics,
            RuntimeEvents events,
            Checkpointing checkpointing,
            CriCallExecutors executors) {
        return new GrpcRuntimeService(
                new CriUseCases(
                        runtimeStatus,
                        sandboxes,
                        containerLifecycle,
                        streamingServer,
                        stats,
                        metrics,
                        events,
                        checkpointing),
                new FromMemory(executors.shortCalls()));
    }

    @Bean
    BindableService criImageService(ImageManagement imageManagement, CriCallExecutors executors) {
        return new GrpcImageService(imageManagement, new FromMemory(executors.shortCalls()));
    }

    @Bean(destroyMethod = "close")
    CriCallExecutors criCallExecutors(
            ObjectProvider<CriCallExecutors.Settings> settings,
            ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        CriCallExecutors.Settings s = settings.getIfAvailable(() -> CriCallExecutors.Settings.DEFAULTS);
        return new CriCallExecutors(s.shortThreads(), s.longThreads(), meters.getIfAvailable());
    }

    /**
     * The gRPC server runs the calls answered from memory on the transport's thread, other short
     * calls on one pool and long calls on the other.
     */
    @Bean
    <T extends io.grpc.ServerBuilder<T>> org.springframework.grpc.server.ServerBuilderCustomizer<T> criCallPools(
            CriCallExecutors executors) {
        return builder -> builder.executor(CriCallExecutors.TRANSPORT_THREAD).callExecutor(executors);
    }

    @Bean
    @GlobalServerInterceptor
    CriCallInterceptor criCallInterceptor(ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        return new CriCallInterceptor(meters.getIfAvailable());
    }
}
