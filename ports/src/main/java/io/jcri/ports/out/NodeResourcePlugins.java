package io.jcri.ports.out;

import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.plugin.ContainerAdjustment;
import io.jcri.domain.plugin.PluginContainer;
import io.jcri.domain.sandbox.Sandbox;
import java.util.List;
import java.util.function.Supplier;

/**
 * The node's resource plugins (resource managers, device plugins, policy agents): told of every
 * pod and container lifecycle event they subscribe to, and allowed to adjust a container before it
 * is created and its resources when they are updated.
 *
 * <p>The calls before a change ({@code runPodSandbox}, {@code createContainer}, {@code
 * startContainer}, {@code updateContainer}) throw a {@link io.jcri.domain.error.JcriException}
 * naming the plugin when one fails or does not answer in time; the caller then undoes what it did
 * and fails. The notifications after a change, and the stop and remove events, never throw (a
 * plugin's failure is logged): what happened stays done.
 *
 * <p>A plugin that connects late is first told every existing pod and container ({@link
 * Inventory}); a change made inside {@link #exclusive} is never half seen by it (neither in that
 * list nor in its events).
 */
public interface NodeResourcePlugins {

    /** What exists now: what a plugin that connects is first told. */
    interface Inventory {
        List<Sandbox> pods();

        List<PluginContainer> containers();
    }

    /** No plugins: every event is a no-op, no adjustment. */
    NodeResourcePlugins NONE = new NodeResourcePlugins() {
        @Override
        public <T> T exclusive(Supplier<T> change) {
            return change.get();
        }

        @Override
        public void runPodSandbox(Sandbox pod) {}

        @Override
        public void stopPodSandbox(Sandbox pod) {}

        @Override
        public void removePodSandbox(Sandbox pod) {}

        @Override
        public ContainerAdjustment createContainer(Sandbox pod, PluginContainer container) {
            return ContainerAdjustment.NONE;
        }

        @Override
        public void postCreateContainer(Sandbox pod, PluginContainer container) {}

        @Override
        public void startContainer(Sandbox pod, PluginContainer container) {}

        @Override
        public void postStartContainer(Sandbox pod, PluginContainer container) {}

        @Override
        public LinuxResources updateContainer(Sandbox pod, PluginContainer container, LinuxResources requested) {
            return requested;
        }

        @Override
        public void postUpdateContainer(Sandbox pod, PluginContainer container) {}

        @Override
        public void stopContainer(Sandbox pod, PluginContainer container) {}

        @Override
        public void removeContainer(Sandbox pod, PluginContainer container) {}
    };

    /** Runs {@code change} so that no plugin is being told the node's state while it runs. */
    <T> T exclusive(Supplier<T> change);

    /** A pod's sandbox runs; it is not yet visible. */
    void runPodSandbox(Sandbox pod);

    void stopPodSandbox(Sandbox pod);

    void removePodSandbox(Sandbox pod);

    /** A container is about to be created: what the plugins change in its spec. */
    ContainerAdjustment createContainer(Sandbox pod, PluginContainer container);

    void postCreateContainer(Sandbox pod, PluginContainer container);

    void startContainer(Sandbox pod, PluginContainer container);

    void postStartContainer(Sandbox pod, PluginContainer container);

    /** A container's resources are about to change to {@code requested}: what they are to become. */
    LinuxResources updateContainer(Sandbox pod, PluginContainer container, LinuxResources requested);

    void postUpdateContainer(Sandbox pod, PluginContainer container);

    void stopContainer(Sandbox pod, PluginContainer container);

    void removeContainer(Sandbox pod, PluginContainer container);
}
