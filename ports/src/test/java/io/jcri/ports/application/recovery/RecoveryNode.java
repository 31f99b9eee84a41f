package io.jcri.ports.application.recovery;

import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.oci.OciSpecBuilder;
import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.task.OciRuntime;
import io.jcri.ports.application.container.ContainerExits;
import io.jcri.ports.application.container.ContainerRecovery;
import io.jcri.ports.application.container.ContainerService;
import io.jcri.ports.application.container.ImageVolumes;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.runtime.RuntimeHandlers;
import io.jcri.ports.application.runtime.RuntimeStatusService;
import io.jcri.ports.application.sandbox.SandboxRecovery;
import io.jcri.ports.application.sandbox.SandboxService;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.fakes.FakeContainerDocuments;
import io.jcri.ports.fakes.FakeContainerHost;
import io.jcri.ports.fakes.FakeContainerIo;
import io.jcri.ports.fakes.FakeContainerRuntime;
import io.jcri.ports.fakes.FakeContainerStatusFiles;
import io.jcri.ports.fakes.FakeCreationJournal;
import io.jcri.ports.fakes.FakeImageManagement;
import io.jcri.ports.fakes.FakeImageVolumeMounts;
import io.jcri.ports.fakes.FakePodNetwork;
import io.jcri.ports.fakes.FakeSandboxFiles;
import io.jcri.ports.fakes.FakeShimProcesses;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.RuntimeStatus;
import io.jcri.ports.in.SandboxLifecycle;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.EventSubscription;
import io.jcri.ports.out.NodeResourcePlugins;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node for recovery tests: the engine, network, files and documents are fakes that outlive a
 * jcri restart; {@link #boot} builds jcri's in-memory side over them as the app wires it (the
 * services, start-up recovery with its steps and a short backoff, the gated use cases and the
 * recovering Status), without running recovery.
 */
final class RecoveryNode implements AutoCloseable {
    static final String SNAPSHOTTER = "overlayfs";
    static final Path FIFOS = Path.of("/run/jcri/io/containers");
    static final StartupRecovery.Backoff FAST = new StartupRecovery.Backoff(Duration.ofMillis(1), Duration.ofMillis(8));

    final FakeContainerRuntime runtime = new FakeContainerRuntime();
    final FakePodNetwork network = new FakePodNetwork();
    final FakeSandboxFiles sandboxFiles = new FakeSandboxFiles();
    final FakeContainerStatusFiles statusFiles = new FakeContainerStatusFiles();
    final FakeContainerIo io = new FakeContainerIo();
    final FakeContainerDocuments documents = new FakeContainerDocuments();
    final FakeImageVolumeMounts volumeMounts = new FakeImageVolumeMounts();
    final FakeCreationJournal journal = new FakeCreationJournal();
    final FakeShimProcesses shims = new FakeShimProcesses();
    /** The engine as the services see it: its creations journaled, as the app wires it. */
    final ContainerRuntime journaled = CreationJournaling.journaled(runtime, journal, shims);

    final FakeImageManagement images = new FakeImageManagement() {
        @Override
        public Optional<Image> status(String reference) {
            return Optional.of(ensure(reference, RegistryAuth.NONE));
        }
    };

    Sandboxes sandboxes;
    SandboxService sandboxService;
    Containers containers;
    ContainerExits exits;
    ContainerService containerService;
    RecoveryState state;
    StartupRecovery recovery;
    SandboxLifecycle pods;
    ContainerLifecycle ctrs;
    RuntimeStatus status;
    private List<EventSubscription> subscriptions = List.of();

    RecoveryNode() {
        runtime.prepareSnapshot(SNAPSHOTTER, "tmp", "", Map.of());
        runtime.commitSnapshot(SNAPSHOTTER, FakeImageManagement.CHAIN_ID, "tmp", Map.of());
        boot();
        recovery.attempt();
    }

    /** jcri (re)starts: fresh caches and services over the same fakes; recovery has not run yet. */
    void boot() {
        sandboxes = new Sandboxes();
        containers = new Containers();
        exits = new ContainerExits(runtime, statusFiles, containers, Clock.systemUTC());
        ImageVolumes imageVolumes = new ImageVolumes(runtime, images, volumeMounts);
        containerService = new ContainerService(
                journaled,
                io,
                statusFiles,
                documents,
                new FakeContainerHost(),
                images,
                imageVolumes,
                sandboxes,
                containers,
                exits,
                Clock.systemUTC(),
                new ContainerService.Settings(SNAPSHOTTER, h -> OciRuntime.runcV2(), FIFOS, h -> HandlerFeatures.NONE),
                new EventBus(),
                NodeResourcePlugins.NONE,
                ContainerService.RestoreCheck.NONE);
        sandboxService = new SandboxService(
                sandboxes,
                images,
                network,
                sandboxFiles,
                journaled,
                new OciSpecBuilder(HostFacts.typical()),
                new RuntimeHandlers(Map.of("runc", OciRuntime.runcV2()), "runc"),
                new SandboxService.Settings("registry.k8s.io/pause:3.10", SNAPSHOTTER),
                Clock.systemUTC(),
                new EventBus(),
                containerService,
                NodeResourcePlugins.NONE,
                journal);
        subscriptions = List.of(runtime.subscribe(sandboxService), runtime.subscribe(exits));
        state = new RecoveryState();
        recovery = new StartupRecovery(state, steps(imageVolumes), FAST);
        pods = RecoveryGate.guard(SandboxLifecycle.class, sandboxService, state);
        ctrs = RecoveryGate.guard(ContainerLifecycle.class, containerService, state);
        status = new RecoveringRuntimeStatus(new RuntimeStatusService(runtime, network, "test", Map.of()), state);
    }

    List<StartupRecovery.Step> steps(ImageVolumes imageVolumes) {
        return StartupRecovery.steps(
                new UnfinishedCreations(journal, runtime, shims, network, sandboxFiles),
                new SandboxRecovery(sandboxService, runtime, network, sandboxFiles),
                new ContainerRecovery(
                        runtime, io, statusFiles, documents, containers, exits, Clock.systemUTC(), FIFOS, sandboxes),
                imageVolumes,
                containers);
    }

    /** jcri stops (its processes run on) and starts again; recovery has not run yet. */
    void restart() {
        stop();
        journal.restarted();
        boot();
    }

    private void stop() {
        recovery.close();
        subscriptions.forEach(EventSubscription::close);
        exits.close();
        containers.detachAllStdio();
    }

    /** Runs a pod (through the gate: recovery must be done). */
    String runPod(String name) {
        return pods.run(new SandboxLifecycle.RunCommand(
                SandboxConfig.builder(name, "uid-" + name, "default")
                        .logDirectory("/var/log/pods/default_" + name)
                        .build(),
                "",
                List.of(),
                DnsConfig.NONE));
    }

    /** Creates and starts a container in {@code pod}. */
    String runContainer(String pod, String name) {
        String id = ctrs.create(new ContainerLifecycle.CreateCommand(
                pod,
                ContainerConfig.builder(name, "busybox:latest")
                        .command(List.of("sleep", "100"))
                        .logPath(name + "/0.log")
                        .build(),
                ""));
        ctrs.start(id);
        return id;
    }

    @Override
    public void close() {
        stop();
    }
}
