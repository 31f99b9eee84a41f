package io.jcri.app;

import io.jcri.adapters.containerd.ContainerdAdapters;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.domain.oci.HostFacts;
import io.jcri.ports.application.checkpoint.ContainerCheckpointing;
import io.jcri.ports.application.container.ContainerExits;
import io.jcri.ports.application.container.ContainerRecovery;
import io.jcri.ports.application.container.ContainerService;
import io.jcri.ports.application.container.ImageDefinedVolumes;
import io.jcri.ports.application.container.ImageVolumes;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.recovery.RecoveryGate;
import io.jcri.ports.application.recovery.RecoveryState;
import io.jcri.ports.application.runtime.RuntimeHandlers;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.Checkpointing;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.out.ContainerCheckpoints;
import io.jcri.ports.out.ContainerDocuments;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ContainerStatusFiles;
import io.jcri.ports.out.EventSubscription;
import io.jcri.ports.out.ImageStore;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The container lifecycle: its service (which the sandbox service calls to stop and remove a
 * pod's containers), the exit subscriber, and the container steps of start-up recovery (which
 * {@link RecoveryWiring} runs, and which also serves the service, behind its gate). Status files live under {@code <jcri.root-dir>/containers},
 * stdio FIFOs under {@code <jcri.state-dir>/io/containers}, image volumes' mounts under {@code
 * <jcri.state-dir>/image-volumes}.
 */
@Configuration(proxyBeanMethods = false)
class ContainerWiring {
    /** What the wiring made, closed with the context: events stop, logs are let go of (FIFOs kept). */
    record ContainerParts(
            ContainerService service,
            Containers containers,
            ContainerExits exits,
            EventSubscription subscription,
            ContainerRecovery recovery,
            ImageVolumes imageVolumes,
            ContainerCheckpointing checkpointing)
            implements AutoCloseable {
        @Override
        public void close() {
            subscription.close();
            exits.close();
            containers.detachAllStdio();
        }
    }

    /** The container cache, shared with the streaming service (attach needs running containers' stdio). */
    @Bean
    Containers containers() {
        return new Containers();
    }

    @Bean(destroyMethod = "close")
    ContainerParts containerParts(
            Containers containers,
            JcriConfiguration.ValidatedSettings settings,
            ContainerRuntime runtime,
            ContainerIo io,
            ImageManagement images,
            ImageStore imageStore,
            Sandboxes sandboxes,
            RuntimeHandlers handlers,
            HostFacts hostFacts,
            EventBus bus,
            NriWiring.NriParts nri,
            ContainerCheckpoints checkpoints) {
        JcriProperties p = settings.properties();
        Path fifoDir = p.stateDir().resolve("io").resolve("containers");
        ContainerStatusFiles files =
                ContainerdAdapters.containerStatusFiles(p.rootDir().resolve("containers"));
        ContainerDocuments documents = ContainerdAdapters.containerDocuments();
        Clock clock = Clock.systemUTC();
        ContainerExits exits = new ContainerExits(
                runtime, files, containers, clock, bus, ContainerExits.StopListener.plugins(nri.plugins(), sandboxes));
        ImageVolumes imageVolumes = new ImageVolumes(
                runtime,
                images,
                ContainerdAdapters.imageVolumeMounts(p.stateDir().resolve("image-volumes")),
                new ImageDefinedVolumes(
                        ContainerdAdapters.volumeDirectories(p.rootDir().resolve("volumes")),
                        p.image().volumesMode()));
        ContainerCheckpointing checkpointing =
                new ContainerCheckpointing(containers, sandboxes, runtime, checkpoints, clock);
        ContainerService service = new ContainerService(
                runtime,
                io,
                files,
                documents,
                ContainerdAdapters.containerHost(hostFacts, p.cdi().specDirs()),
                images,
                imageVolumes,
                sandboxes,
                containers,
                exits,
                clock,
                new ContainerService.Settings(
                        imageStore.snapshotter(),
                        handlers::resolve,
                        fifoDir,
                        handlers::featuresOf,
                        handlers::snapshotterOf),
                bus,
                nri.plugins(),
                checkpointing::refuseRestore);
        EventSubscription subscription = runtime.subscribe(exits);
        ContainerRecovery recovery =
                new ContainerRecovery(runtime, io, files, documents, containers, exits, clock, fifoDir, sandboxes);
        return new ContainerParts(service, containers, exits, subscription, recovery, imageVolumes, checkpointing);
    }

    /** The node side of checkpoints: containerd's task checkpoint, CRIU's verdict (asked once). */
    @Bean
    ContainerCheckpoints containerCheckpoints(ContainerdClient client, ContainerRuntime runtime) {
        return ContainerdAdapters.containerCheckpoints(client, runtime);
    }

    /** The checkpoint verbs, behind the recovery gate (CreateContainer refuses restores through them). */
    @Bean
    Checkpointing checkpointing(ContainerParts parts, RecoveryState state) {
        return RecoveryGate.guard(Checkpointing.class, parts.checkpointing(), state);
    }
}
