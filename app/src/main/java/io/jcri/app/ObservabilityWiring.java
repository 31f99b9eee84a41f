package io.jcri.app;

import io.jcri.adapters.cni.ProcNetDevCounters;
import io.jcri.adapters.containerd.ContainerdAdapters;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.rest.AdminApiSettings;
import io.jcri.adapters.rest.RestAdminConfiguration;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.events.PodTimelines;
import io.jcri.ports.application.stats.MetricsService;
import io.jcri.ports.application.stats.StatsService;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.RuntimeEvents;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.NetworkCounters;
import io.jcri.ports.out.ResourceStats;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Observability: the event bus the services publish to, pod timelines, CRI stats and metrics, jcri's own
 * metrics, and the admin API (which needs {@code jcri.admin.token} when {@code server.address} is
 * not a loopback address).
 */
@Configuration(proxyBeanMethods = false)
@Import(RestAdminConfiguration.class)
class ObservabilityWiring {

    @Bean
    EventBus eventBus() {
        return new EventBus();
    }

    @Bean
    RuntimeEvents runtimeEvents(EventBus bus, Sandboxes sandboxes, Containers containers) {
        return new PodTimelines(bus, sandboxes, containers);
    }

    /** CRI stats and metrics ({@link RecoveryWiring} serves them, behind the recovery gate). */
    @Bean
    ResourceStats resourceStats(ContainerdClient client, ContainerRuntime runtime) {
        return ContainerdAdapters.resourceStats(client, runtime);
    }

    @Bean
    NetworkCounters networkCounters() {
        return new ProcNetDevCounters();
    }

    @Bean
    StatsService statsService(
            Sandboxes sandboxes, Containers containers, ResourceStats resources, NetworkCounters network) {
        return new StatsService(sandboxes, containers, resources, network, Clock.systemUTC());
    }

    @Bean
    MetricsService metricsService(
            Sandboxes sandboxes, Containers containers, ResourceStats resources, NetworkCounters network) {
        return new MetricsService(sandboxes, containers, resources, network, Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    JcriMeters jcriMeters(
            ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry,
            EventBus bus,
            Sandboxes sandboxes,
            Containers containers,
            ContainerdClient client) {
        return new JcriMeters(registry.getIfAvailable(), bus, sandboxes, containers, client);
    }

    @Bean
    AdminApiSettings adminApiSettings(JcriConfiguration.ValidatedSettings settings, Environment environment) {
        return new AdminApiSettings(settings.properties().admin().token());
    }
}
