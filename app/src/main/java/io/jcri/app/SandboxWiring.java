package io.jcri.app;

import io.jcri.adapters.containerd.ContainerdAdapters;
import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.oci.OciSpecBuilder;
import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.task.OciRuntime;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.runtime.RuntimeHandlers;
import io.jcri.ports.application.sandbox.SandboxRecovery;
import io.jcri.ports.application.sandbox.SandboxService;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.EventSubscription;
import io.jcri.ports.out.ImageStore;
import io.jcri.ports.out.PodNetwork;
import io.jcri.ports.out.SandboxFiles;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Pod sandboxes: their service, files, node facts and runtime handlers. */
@Configuration(proxyBeanMethods = false)
class SandboxWiring {
    private static final Logger log = LoggerFactory.getLogger(SandboxWiring.class);

    @Bean
    Sandboxes sandboxes() {
        return new Sandboxes();
    }

    @Bean
    SandboxFiles sandboxFiles(JcriConfiguration.ValidatedSettings settings) {
        return ContainerdAdapters.sandboxFiles(
                settings.properties().rootDir(), settings.properties().stateDir());
    }

    @Bean
    RuntimeHandlers runtimeHandlers(JcriConfiguration.ValidatedSettings settings, StartupProbes probes) {
        JcriProperties.Runtime rt = settings.properties().runtime();
        Map<String, OciRuntime> byName = StartupProbes.runtimes(rt);
        Map<String, HandlerFeatures> features = probes.handlerFeatures();
        Map<String, String> snapshotters = new LinkedHashMap<>();
        rt.handlers().forEach((name, h) -> {
            if (!h.snapshotter().isBlank()) {
                snapshotters.put(name, h.snapshotter().strip());
            }
        });
        return new RuntimeHandlers(byName, rt.defaultHandler(), features, snapshotters);
    }

    @Bean
    HostFacts hostFacts(RuntimeHandlers handlers, StartupProbes probes) {
        // after the handlers: a handler configured wrong is said first
        return probes.hostFacts();
    }

    /** What the node allows in OCI specs, for the default handler's cgroup driver; said in the start-up log. */
    static HostFacts hostFacts(JcriProperties.Runtime rt) {
        JcriProperties.Handler handler = rt.handlers().get(rt.defaultHandler());
        HostFacts facts = ContainerdAdapters.hostFacts(
                handler != null && handler.options().systemdCgroup());
        log.info(
                "node: cgroup {}, hugetlb {}, apparmor {}, oom_score_adj floor {}, {} capabilities",
                facts.cgroupV2() ? "v2" : "v1",
                facts.hugetlbAvailable(),
                facts.appArmorEnabled(),
                facts.currentOomScoreAdj(),
                facts.availableCapabilities().size());
        return facts;
    }

    @Bean
    OciSpecBuilder ociSpecBuilder(HostFacts facts) {
        return new OciSpecBuilder(facts);
    }

    @Bean
    SandboxService sandboxService(
            Sandboxes store,
            ImageManagement images,
            PodNetwork network,
            SandboxFiles files,
            ContainerRuntime runtime,
            OciSpecBuilder specs,
            RuntimeHandlers handlers,
            ImageStore imageStore,
            JcriConfiguration.ValidatedSettings settings,
            EventBus bus,
            ContainerWiring.ContainerParts containers,
            NriWiring.NriParts nri,
            io.jcri.ports.out.CreationJournal journal) {
        // each pod start noted while under way: recovery removes one a kill cut before its answer
        return new SandboxService(
                store,
                images,
                network,
                files,
                runtime,
                specs,
                handlers,
                new SandboxService.Settings(
                        settings.properties().sandboxImage(), imageStore.snapshotter(), handlers::snapshotterOf),
                Clock.systemUTC(),
                bus,
                containers.service(),
                nri.plugins(),
                journal);
    }

    /** The sandbox steps of start-up recovery ({@link RecoveryWiring} runs them). */
    @Bean
    SandboxRecovery sandboxRecovery(
            SandboxService service, ContainerRuntime runtime, PodNetwork network, SandboxFiles files) {
        return new SandboxRecovery(service, runtime, network, files);
    }

    /** Pause-task exits (and containerd reconnects) reach the sandbox service. */
    @Bean(destroyMethod = "close")
    EventSubscription sandboxEvents(ContainerRuntime runtime, SandboxService service) {
        return runtime.subscribe(service);
    }
}
