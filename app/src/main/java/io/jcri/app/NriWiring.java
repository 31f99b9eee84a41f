package io.jcri.app;

import io.jcri.adapters.containerd.nri.NriAdapter;
import io.jcri.adapters.containerd.nri.NriSettings;
import io.jcri.ports.application.SandboxService;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * NRI, when {@code jcri.nri.enabled}: the socket plugins connect to, and the pod and container
 * use cases calling them at each lifecycle event.
 */
@Configuration(proxyBeanMethods = false)
class NriWiring {
    /** The NRI endpoint, or nothing when NRI is off; closed with the context. */
    record NriParts(NriAdapter adapter) implements AutoCloseable {
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
            ContainerWiring.ContainerParts containers,
            SandboxService sandboxes,
            JcriConfiguration.JcriVersion version) {
        NriProperties p = settings.properties().nri();
        if (!p.enabled()) {
            return new NriParts(null);
        }
        try {
            NriAdapter adapter = NriAdapter.start(
                    new NriSettings(
                            p.socketPath(), p.registrationTimeout(), p.requestTimeout(), "jcri", version.value()),
                    containers.service().pluginInventory());
            sandboxes.plugins(adapter.plugins());
            containers.service().plugins(adapter.plugins());
            return new NriParts(adapter);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve NRI on " + p.socketPath() + ": " + e.getMessage(), e);
        }
    }
}
