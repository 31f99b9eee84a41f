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
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;

/**
 * Start-up recovery: the CRI socket serves at once, and once the app is up {@link StartupRecovery}
 * finds the pods, then the containers, then their image volumes again and sweeps the leftovers, on
 * its own thread, retrying until it succeeds. Until then the pod and container use cases the CRI
 * edge and the admin API see are gated ({@link RecoveryGate}: Unavailable, "jcri is recovering"),
 * Status says RuntimeReady=false with reason Recovering, and the {@code recovery} health component
 * is OUT_OF_SERVICE.
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

    @Bean
    RecoveryStart recoveryStart(StartupRecovery recovery) {
        return new RecoveryStart(recovery);
    }

    /** Starts recovery once the application is up (the CRI socket is already serving). */
    static final class RecoveryStart {
        private final StartupRecovery recovery;

        RecoveryStart(StartupRecovery recovery) {
            this.recovery = recovery;
        }

        @EventListener(ApplicationReadyEvent.class)
        public void onReady() {
            recovery.start();
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
