package io.jcri.ports.application.nri;

import io.jcri.domain.container.Container;
import io.jcri.domain.plugin.PluginContainer;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.out.NodeResourcePlugins;
import java.util.Optional;
import java.util.function.BiConsumer;

/** The node resource plugins the use cases call; none until the app wires them. */
public final class PluginHooks {
    private volatile NodeResourcePlugins plugins = NodeResourcePlugins.NONE;

    public NodeResourcePlugins get() {
        return plugins;
    }

    public void set(NodeResourcePlugins plugins) {
        this.plugins = plugins;
    }

    /** Tells the plugins of {@code event} on {@code c}, when its pod is known. */
    public void notify(Sandboxes sandboxes, Container c, BiConsumer<Sandbox, PluginContainer> event) {
        Optional<Sandbox> pod = sandboxes.get(c.sandboxId());
        pod.ifPresent(p -> event.accept(p, PluginContainer.of(c)));
    }
}
