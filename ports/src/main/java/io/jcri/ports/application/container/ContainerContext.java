package io.jcri.ports.application.container;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.oci.OciSpec;
import io.jcri.domain.oci.Resources;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.nri.PluginHooks;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.out.ContainerDocuments;
import io.jcri.ports.out.ContainerHost;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ContainerStatusFiles;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** What the container use cases work with: the engine, the node, the stores, and where events go. */
record ContainerContext(
        ContainerRuntime runtime,
        ContainerIo io,
        ContainerStatusFiles files,
        ContainerDocuments documents,
        ContainerHost host,
        ImageManagement images,
        ImageVolumes imageVolumes,
        Sandboxes sandboxes,
        Containers containers,
        ContainerExits exits,
        Clock clock,
        ContainerService.Settings settings,
        EventOutlet events,
        PluginHooks plugins,
        ContainerSpecs specs) {

    void publish(RuntimeEvent.Type type, String id, String sandboxId, Map<String, String> details) {
        events.publish(new RuntimeEvent(type, id, sandboxId, clock.instant(), details));
    }

    /** The OCI resources of {@code c} with {@code resources} applied, for the engine. */
    OciSpec.Resources ociResources(Container c, LinuxResources resources) {
        return Resources.of(c.metadata().name(), resources, List.of(), host.facts());
    }

    /** The bus events go on, given at construction. */
    static final class EventOutlet {
        private final EventBus bus;

        EventOutlet(EventBus bus) {
            this.bus = bus;
        }

        void publish(RuntimeEvent event) {
            bus.publish(event);
        }
    }
}
