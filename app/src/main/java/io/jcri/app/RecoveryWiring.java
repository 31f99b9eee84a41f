package io.jcri.app;

import io.jcri.ports.application.recovery.RecoveryGate;
import io.jcri.ports.application.recovery.RecoveryState;
import io.jcri.ports.application.recovery.StartupRecovery;
import io.jcri.ports.application.recovery.UnfinishedCreations;
import io.jcri.ports.application.sandbox.SandboxRecovery;
import io.jcri.ports.application.sandbox.SandboxService;
import io.jcri.ports.application.stats.MetricsService;
import io.jcri.ports.application.stats.StatsService;
import io.jcri.ports.application.streaming.StreamingService;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.Metrics;
import io.jcri.ports.in.SandboxLifecycle;
import io.jcri.ports.in.Stats;
import io.jcri.ports.in.Streaming;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.CreationJournal;
import io.jcri.ports.out.PodNetwork;
import io.jcri.ports.out.SandboxFiles;
import io.jcri.ports.out.ShimProcesses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

/**
 * Start-up recovery: the CRI socket serves as soon as its services exist, and {@link
 * StartupRecovery} starts then, on its own thread: it finds the pods, then the containers, then
 * their image volumes again and sweeps the leftovers, retrying until it succeeds. Until then the
 * pod and container use cases the CRI edge and the admin API see are gated ({@link RecoveryGate}:
 * Unavailable, "jcri is recovering"), Status says RuntimeReady=false with reason Recovering, and
 * the {@code recovery} health component is OUT_OF_SERVICE.
 */
@Configuration(proxyBeanMethods = false)
class RecoveryWiring {

    @Bean
    RecoveryState recoveryState() {
        return new RecoveryState();
    }

    /** What creations cut short by a kill left (the journal's notes), cleaned before anything is read. */
    @Bean
    UnfinishedCreations unfinishedCreations(
            CreationJournal journal,
            ContainerRuntime runtime,
            ShimProcesses shims,
            PodNetwork network,
            SandboxFiles files) {
        return new UnfinishedCreations(journal, runtime, shims, network, files);
    }

    @Bean(destroyMethod = "close")
    StartupRecovery startupRecovery(
            RecoveryState state,
            UnfinishedCreations unfinished,
            SandboxRecovery sandboxes,
            ContainerWiring.ContainerParts containers) {
        return new StartupRecovery(
                state,
                StartupRecovery.steps(
                        unfinished,
                        sandboxes,
                        containers.recovery(),
                        containers.imageVolumes(),
                        containers.containers()),
                StartupRecovery.Backoff.DEFAULT);
    }

    /**
     * Opens the CRI socket and starts recovery as soon as the CRI's services and recovery exist,
     * while the rest of the context (the admin API, actuator) is still being made: the gRPC
     * server's own lifecycle would bind the socket only after every bean and the admin server,
     * and recovery waited for the application to be ready. Until recovery is done Status says
     * Recovering and the pod and container calls answer UNAVAILABLE, as for a slow recovery. A
     * later wiring error still stops start-up; closing stops the server again (the context's
     * lifecycle does that on a normal stop, but not when its refresh fails).
     */
    @Bean(destroyMethod = "close")
    CriStart criStart(GrpcServerLifecycle server, CriSocketGuard guard, StartupRecovery recovery) {
        CriStart start = new CriStart(server);
        server.start(); // the context's lifecycle start leaves a running server as it is
        guard.restrictMode();
        recovery.start();
        return start;
    }

    /** Stops the CRI server it started early if the context is closed before its lifecycle ran. */
    static final class CriStart implements AutoCloseable {
        private final GrpcServerLifecycle server;

        CriStart(GrpcServerLifecycle server) {
            this.server = server;
        }

        @Override
        public void close() {
            server.stop();
        }
    }

    // The use cases as the adapters see them: behind the gate. (@Primary where the service's own
    // bean implements the port too; the services' beans stay for the wiring that needs them.)

    @Bean
    @Primary
    SandboxLifecycle sandboxLifecycle(SandboxService service, RecoveryState state) {
        return RecoveryGate.guard(SandboxLifecycle.class, service, state);
    }

    @Bean
    ContainerLifecycle containerLifecycle(ContainerWiring.ContainerParts parts, RecoveryState state) {
        return RecoveryGate.guard(ContainerLifecycle.class, parts.service(), state);
    }

    @Bean
    @Primary
    Streaming gatedStreaming(StreamingService service, RecoveryState state) {
        return RecoveryGate.guard(Streaming.class, service, state);
    }

    @Bean
    @Primary
    Stats stats(StatsService service, RecoveryState state) {
        return RecoveryGate.guard(Stats.class, service, state);
    }

    @Bean
    @Primary
    Metrics metrics(MetricsService service, RecoveryState state) {
        return RecoveryGate.guard(Metrics.class, service, state);
    }
}
