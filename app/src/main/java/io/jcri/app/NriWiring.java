package io.jcri.app;

import io.jcri.adapters.containerd.nri.NriAdapter;
import io.jcri.adapters.containerd.nri.NriSettings;
import io.jcri.ports.application.nri.PluginHooks;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.out.NodeResourcePlugins;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * NRI, when {@code jcri.nri.enabled}: the socket plugins connect to, made before the pod and
 * container use cases, which are given its plugins at construction and call them at each
 * lifecycle event.
 */
@Configuration(proxyBeanMethods = false)
class NriWiring {
    /** The NRI endpoint, or nothing when NRI is off; closed with the context. */
    record NriParts(NriAdapter adapter) implements AutoCloseable {
        /** The plugins the pod and container use cases call ({@link NodeResourcePlugins#NONE} when off). */
        NodeResourcePlugins plugins() {
            return adapter == null ? NodeResourcePlugins.NONE : adapter.plugins();
        }

        @Override
        public void close() {
            if (adapter != null) {
                adapter.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    NriParts nriParts(
            JcriConfiguration.ValidatedSettings settings,
            Sandboxes sandboxes,
            Containers containers,
            JcriConfiguration.JcriVersion version) {
        NriProperties p = settings.properties().nri();
        if (!p.enabled()) {
            return new NriParts(null);
        }
        try {
            NriAdapter adapter = NriAdapter.start(
                    new NriSettings(
                            p.socketPath(), p.registrationTimeout(), p.requestTimeout(), "jcri", version.value()),
                    PluginHooks.inventory(sandboxes, containers));
            return new NriParts(adapter);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve NRI on " + p.socketPath() + ": " + e.getMessage(), e);
        }
    }
}
