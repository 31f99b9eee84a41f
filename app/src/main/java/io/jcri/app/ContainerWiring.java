package io.jcri.app;

import io.jcri.adapters.containerd.ContainerdAdapters;
import io.jcri.domain.task.OciRuntime;
import io.jcri.ports.application.ContainerExits;
import io.jcri.ports.application.ContainerRecovery;
import io.jcri.ports.application.ContainerService;
import io.jcri.ports.application.Containers;
import io.jcri.ports.application.RuntimeHandlers;
import io.jcri.ports.application.SandboxService;
import io.jcri.ports.application.Sandboxes;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.out.ContainerDocuments;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ContainerStatusFiles;
import io.jcri.ports.out.EventSubscription;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * The container lifecycle: its service, the exit subscriber, and recovery at start-up (after the
 * sandboxes', before the CRI socket serves). Status files live under {@code
 * <jcri.root-dir>/containers}, stdio FIFOs under {@code <jcri.state-dir>/io/containers}.
 */
@Configuration(proxyBeanMethods = false)
class ContainerWiring {
    private static final Logger log = LoggerFactory.getLogger(ContainerWiring.class);

    /** What the wiring made, closed with the context (the event subscription, the exit workers). */
    record ContainerParts(ContainerService service, ContainerExits exits, EventSubscription subscription)
            implements AutoCloseable {
        @Override
        public void close() {
            subscription.close();
            exits.close();
        }
    }

    @Bean(destroyMethod = "close")
    ContainerParts containerParts(
            JcriConfiguration.ValidatedSettings settings,
            ContainerRuntime runtime,
            ObjectProvider<ContainerIo> containerIo,
            @Lazy ImageManagement images,
            ObjectProvider<Sandboxes> sandboxes,
            ObjectProvider<SandboxService> sandboxService,
            ObjectProvider<RuntimeHandlers> handlers,
            ObjectProvider<Containers> containerStore,
            Environment environment) {
        JcriProperties p = settings.properties();
        Path fifoDir = p.getStateDir().resolve("io").resolve("containers");
        ContainerIo io = containerIo.getIfAvailable(() -> ContainerdAdapters.containerIo(
                runtime, p.getStateDir().resolve("io").resolve("exec")));
        RuntimeHandlers runtimeHandlers = handlers.getIfAvailable(() -> runtimeHandlers(p));
        String snapshotter = environment.getProperty("jcri.image.snapshotter", "overlayfs");
        boolean systemd = runtimeHandlers.resolve("").systemdCgroup();

        Containers containers = containerStore.getIfAvailable(Containers::new);
        ContainerStatusFiles files =
                ContainerdAdapters.containerStatusFiles(p.getRootDir().resolve("containers"));
        ContainerDocuments documents = ContainerdAdapters.containerDocuments();
        Clock clock = Clock.systemUTC();
        ContainerExits exits = new ContainerExits(runtime, files, containers, clock);
        ContainerService service = new ContainerService(
                runtime,
                io,
                files,
                documents,
                ContainerdAdapters.containerHost(systemd),
                images,
                sandboxes.getIfAvailable(Sandboxes::new),
                containers,
                exits,
                clock,
                new ContainerService.Settings(snapshotter, runtimeHandlers::resolve, fifoDir));
        SandboxService sandboxLifecycle = sandboxService.getIfAvailable();
        if (sandboxLifecycle != null) {
            sandboxLifecycle.podContainers(service);
        }
        EventSubscription subscription = runtime.subscribe(exits);
        try {
            int n = new ContainerRecovery(runtime, io, files, documents, containers, exits, clock, fifoDir).recover();
            log.info("recovered {} containers", n);
        } catch (RuntimeException e) {
            log.warn("container recovery failed: {}", e.getMessage());
        }
        return new ContainerParts(service, exits, subscription);
    }

    @Bean
    ContainerLifecycle containerLifecycle(ContainerParts parts) {
        return parts.service();
    }

    private static RuntimeHandlers runtimeHandlers(JcriProperties p) {
        Map<String, OciRuntime> byName = new LinkedHashMap<>();
        p.getRuntime()
                .getHandlers()
                .forEach((name, h) -> byName.put(
                        name,
                        new OciRuntime(
                                h.getType(),
                                h.getOptions().getBinaryName(),
                                h.getOptions().getRoot(),
                                h.getOptions().isSystemdCgroup())));
        byName.putIfAbsent(p.getRuntime().getDefaultHandler(), OciRuntime.runcV2());
        return new RuntimeHandlers(byName, p.getRuntime().getDefaultHandler());
    }
}
