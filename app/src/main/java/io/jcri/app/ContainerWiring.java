package io.jcri.app;

import io.jcri.adapters.containerd.ContainerdAdapters;
import io.jcri.domain.oci.HostFacts;
import io.jcri.ports.application.ContainerExits;
import io.jcri.ports.application.ContainerRecovery;
import io.jcri.ports.application.ContainerService;
import io.jcri.ports.application.Containers;
import io.jcri.ports.application.EventBus;
import io.jcri.ports.application.ImageDefinedVolumes;
import io.jcri.ports.application.ImageVolumes;
import io.jcri.ports.application.RuntimeHandlers;
import io.jcri.ports.application.SandboxService;
import io.jcri.ports.application.Sandboxes;
import io.jcri.ports.in.ImageManagement;
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
            ImageVolumes imageVolumes)
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
            SandboxService sandboxService,
            RuntimeHandlers handlers,
            HostFacts hostFacts,
            EventBus bus) {
        JcriProperties p = settings.properties();
        Path fifoDir = p.getStateDir().resolve("io").resolve("containers");
        ContainerStatusFiles files =
                ContainerdAdapters.containerStatusFiles(p.getRootDir().resolve("containers"));
        ContainerDocuments documents = ContainerdAdapters.containerDocuments();
        Clock clock = Clock.systemUTC();
        ContainerExits exits = new ContainerExits(runtime, files, containers, clock, bus);
        ImageVolumes imageVolumes = new ImageVolumes(
                runtime,
                images,
                ContainerdAdapters.imageVolumeMounts(p.getStateDir().resolve("image-volumes")),
                new ImageDefinedVolumes(
                        ContainerdAdapters.volumeDirectories(p.getRootDir().resolve("volumes")),
                        JcriConfiguration.imageVolumesMode(p.getImage())));
        ContainerService service = new ContainerService(
                runtime,
                io,
                files,
                documents,
                ContainerdAdapters.containerHost(hostFacts, p.getCdi().getSpecDirs()),
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
                bus);
        sandboxService.podContainers(service);
        EventSubscription subscription = runtime.subscribe(exits);
        ContainerRecovery recovery =
                new ContainerRecovery(runtime, io, files, documents, containers, exits, clock, fifoDir, sandboxes);
        return new ContainerParts(service, containers, exits, subscription, recovery, imageVolumes);
    }

    /** The node side of checkpoints: containerd's task checkpoint, CRIU's verdict (asked once). */
    @Bean
    io.jcri.ports.out.ContainerCheckpoints containerCheckpoints(
            io.jcri.adapters.containerd.client.ContainerdClient client, ContainerRuntime runtime) {
        return ContainerdAdapters.containerCheckpoints(client, runtime);
    }

    /** The checkpoint verbs, behind the recovery gate; CreateContainer refuses restores through them. */
    @Bean
    io.jcri.ports.in.Checkpointing checkpointing(
            ContainerParts parts,
            Sandboxes sandboxes,
            ContainerRuntime runtime,
            io.jcri.ports.out.ContainerCheckpoints checkpoints,
            io.jcri.ports.application.RecoveryState state) {
        var service = new io.jcri.ports.application.ContainerCheckpointing(
                parts.containers(), sandboxes, runtime, checkpoints, Clock.systemUTC());
        parts.service().checkpointing(service);
        return io.jcri.ports.application.RecoveryGate.guard(io.jcri.ports.in.Checkpointing.class, service, state);
    }
}
