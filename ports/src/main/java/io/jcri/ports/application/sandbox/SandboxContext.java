package io.jcri.ports.application.sandbox;

import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.naming.NameReservations;
import io.jcri.domain.oci.OciSpecBuilder;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.nri.PluginHooks;
import io.jcri.ports.application.runtime.RuntimeHandlers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.CreationJournal;
import io.jcri.ports.out.NodeResourcePlugins;
import io.jcri.ports.out.PodNetwork;
import io.jcri.ports.out.SandboxFiles;
import java.time.Clock;
import java.util.Map;

/**
 * What the sandbox use cases work with: the engine, the pod network, the node's sandbox files,
 * the store with its name reservations, and where events go.
 */
final class SandboxContext {
    final Sandboxes store;
    final NameReservations names = new NameReservations("sandbox");
    final ImageManagement images;
    final PodNetwork network;
    final SandboxFiles files;
    final ContainerRuntime runtime;
    final OciSpecBuilder specs;
    final RuntimeHandlers handlers;
    final SandboxService.Settings settings;
    final Clock clock;
    final PluginHooks plugins;
    private final PodContainers containers;
    private final CreationJournal journal;
    private final EventBus events;

    SandboxContext(
            Sandboxes store,
            ImageManagement images,
            PodNetwork network,
            SandboxFiles files,
            ContainerRuntime runtime,
            OciSpecBuilder specs,
            RuntimeHandlers handlers,
            SandboxService.Settings settings,
            Clock clock,
            EventBus events,
            PodContainers containers,
            NodeResourcePlugins plugins,
            CreationJournal journal) {
        this.events = events;
        this.store = store;
        this.images = images;
        this.network = network;
        this.files = files;
        this.runtime = runtime;
        this.specs = specs;
        this.handlers = handlers;
        this.settings = settings;
        this.clock = clock;
        this.containers = containers;
        this.plugins = new PluginHooks(plugins);
        this.journal = java.util.Objects.requireNonNull(journal, "journal");
    }

    /** Who stops and removes a pod's containers. */
    PodContainers containers() {
        return containers;
    }

    /** Where each RunPodSandbox is noted while under way ({@link CreationJournal.Call#SANDBOX}). */
    CreationJournal journal() {
        return journal;
    }

    void publish(RuntimeEvent.Type type, String id, Map<String, String> details) {
        events.publish(new RuntimeEvent(type, id, id, clock.instant(), details));
    }
}
