package io.jcri.ports.application;

import io.jcri.domain.container.Container;
import io.jcri.domain.plugin.PluginContainer;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.out.NodeResourcePlugins;
import java.util.Optional;
import java.util.function.BiConsumer;

/** The node resource plugins the use cases call; none until the app wires them. */
final class PluginHooks {
    private volatile NodeResourcePlugins plugins = NodeResourcePlugins.NONE;

    NodeResourcePlugins get() {
        return plugins;
    }

    void set(NodeResourcePlugins plugins) {
        this.plugins = plugins;
    }

    /** Tells the plugins of {@code event} on {@code c}, when its pod is known. */
    void notify(Sandboxes sandboxes, Container c, BiConsumer<Sandbox, PluginContainer> event) {
        Optional<Sandbox> pod = sandboxes.get(c.sandboxId());
        pod.ifPresent(p -> event.accept(p, PluginContainer.of(c)));
    }
}
