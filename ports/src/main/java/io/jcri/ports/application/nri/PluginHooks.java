package io.jcri.ports.application.nri;

import io.jcri.domain.container.Container;
import io.jcri.domain.plugin.PluginContainer;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.out.NodeResourcePlugins;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The node resource plugins the use cases call, given at construction ({@link
 * NodeResourcePlugins#NONE} when NRI is off).
 */
public final class PluginHooks {
    private final NodeResourcePlugins plugins;

    public PluginHooks(NodeResourcePlugins plugins) {
        this.plugins = Objects.requireNonNull(plugins, "plugins");
    }

    public NodeResourcePlugins get() {
        return plugins;
    }

    /** Tells the plugins of {@code event} on {@code c}, when its pod is known. */
    public void notify(Sandboxes sandboxes, Container c, BiConsumer<Sandbox, PluginContainer> event) {
        Optional<Sandbox> pod = sandboxes.get(c.sandboxId());
        pod.ifPresent(p -> event.accept(p, PluginContainer.of(c)));
    }

    /** The pods and containers there are now, as a newly connected plugin is told them. */
    public static NodeResourcePlugins.Inventory inventory(Sandboxes sandboxes, Containers containers) {
        return new NodeResourcePlugins.Inventory() {
            @Override
            public List<Sandbox> pods() {
                return sandboxes.list();
            }

            @Override
            public List<PluginContainer> containers() {
                return containers.list().stream().map(PluginContainer::of).toList();
            }
        };
    }
}
