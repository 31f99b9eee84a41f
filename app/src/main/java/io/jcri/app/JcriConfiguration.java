package io.jcri.app;

import io.grpc.netty.NettyServerBuilder;
import io.jcri.adapters.cni.CniPodNetwork;
import io.jcri.adapters.containerd.ContainerdAdapters;
import io.jcri.adapters.containerd.ManagedContainerd;
import io.jcri.adapters.containerd.client.CallDeadlines;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.cri.CriCallExecutors;
import io.jcri.adapters.cri.CriGrpcConfiguration;
import io.jcri.adapters.cri.streaming.StreamingServer;
import io.jcri.domain.image.BuiltinImages;
import io.jcri.domain.image.Platform;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.image.ImageManagementService;
import io.jcri.ports.application.recovery.CreationJournaling;
import io.jcri.ports.application.recovery.RecoveringRuntimeStatus;
import io.jcri.ports.application.recovery.RecoveryState;
import io.jcri.ports.application.runtime.RuntimeHandlers;
import io.jcri.ports.application.runtime.RuntimeStatusService;
import io.jcri.ports.in.ImageManagement;
import io.jcri.ports.in.RuntimeStatus;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.CreationJournal;
import io.jcri.ports.out.ImageRegistry;
import io.jcri.ports.out.ImageStore;
import io.jcri.ports.out.PodNetwork;
import io.jcri.ports.out.ShimProcesses;
import io.netty.channel.ChannelOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.ServerBuilderCustomizer;

/** Wires the core services to the adapters from {@link JcriProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JcriProperties.class)
@Import({CriGrpcConfiguration.class, SandboxWiring.class, StreamingWiring.class, ObservabilityWiring.class})
public class JcriConfiguration {
    /** The validated configuration: the first bad value stops start-up naming its key. */
    @Bean
    ValidatedSettings validatedSettings(JcriProperties properties, ConfigurableEnvironment environment) {
        JcriConfigCheck.validate(properties, environment.getProperty("server.address", ""));
        return new ValidatedSettings(properties);
    }

    record ValidatedSettings(JcriProperties properties) {}

    /**
     * The socket's lock, containerd, the runtime handlers' features, the node's facts and CNI, found
     * together off the main thread: begun before the beans by {@link StartupProbes.Starter}, or
     * here when the context was not started so.
     */
    @Bean(destroyMethod = "close")
    StartupProbes startupProbes(
            ObjectProvider<StartupProbes.Early> early,
            ValidatedSettings settings,
            ConfigurableEnvironment environment) {
        StartupProbes.Early begun = early.getIfAvailable();
        return begun != null ? begun.probes() : StartupProbes.start(settings.properties(), environment);
    }

    /** How many threads the CRI's short and long calls get (see {@link CriCallExecutors}). */
    @Bean
    CriCallExecutors.Settings criCallPoolSettings(ValidatedSettings settings) {
        JcriProperties.Cri cri = settings.properties().cri();
        return new CriCallExecutors.Settings(cri.shortCallThreads(), cri.longCallThreads());
    }

    @Bean(destroyMethod = "close")
    CriSocketGuard criSocketGuard(StartupProbes probes) {
        return probes.guard();
    }

    /**
     * grpc-netty sets {@code SO_KEEPALIVE}, a TCP option, on every connection it accepts; on the
     * CRI's unix socket Netty has no such option and warned once per connection. Setting the
     * option to null removes it from the server's child options (gRPC's own keepalive pings are
     * unaffected).
     */
    @Bean
    <T extends io.grpc.ServerBuilder<T>> ServerBuilderCustomizer<T> noTcpKeepaliveOnUnixSocket(Environment env) {
        boolean unix = env.getProperty("spring.grpc.server.address", "").startsWith("unix:");
        return builder -> {
            if (unix && builder instanceof NettyServerBuilder netty) {
                netty.withChildOption(ChannelOption.SO_KEEPALIVE, null);
            }
        };
    }

    @Bean
    StartupLog.Listener startupLog(
            CriSocketGuard guard,
            JcriVersion version,
            ObjectProvider<StreamingServer> streaming,
            ConfigurableEnvironment environment) {
        return new StartupLog.Listener(guard, version, streaming, environment);
    }

    @Bean(destroyMethod = "close")
    ContainerdEndpoint containerdEndpoint(StartupProbes probes, CriSocketGuard guard) {
        // The guard comes first (StartupProbes takes it before containerd): a second jcri on the
        // same socket must stop before it touches the containerd the first one manages.
        return probes.containerdEndpoint();
    }

    /** The node's containerd, or the managed one adopted or started (waiting until it answers). */
    static ContainerdEndpoint containerdEndpoint(JcriProperties p) {
        if (!p.containerd().managed()) {
            return new ContainerdEndpoint(p.containerd().socket(), null);
        }
        ManagedContainerd managed = new ManagedContainerd(
                p.containerd().binary(),
                p.rootDir(),
                p.stateDir(),
                p.containerd().startTimeout());
        managed.start();
        return new ContainerdEndpoint(managed.socket(), managed);
    }

    /** The containerd jcri talks to: the node's, or one jcri manages (stopped with jcri). */
    public record ContainerdEndpoint(Path socket, ManagedContainerd managed) implements AutoCloseable {
        @Override
        public void close() {
            if (managed != null) {
                managed.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    ContainerdClient containerdClient(StartupProbes probes, ContainerdEndpoint endpoint) {
        return probes.containerdClient();
    }

    /** A client of {@code endpoint}'s containerd, its version said in the start-up log. */
    static ContainerdClient containerdClient(JcriProperties p, ContainerdEndpoint endpoint) {
        ContainerdProperties c = p.containerd();
        ContainerdProperties.Deadlines d = c.deadlines();
        ContainerdClient client = ContainerdClient.connect(
                endpoint.socket(),
                c.namespace(),
                new CallDeadlines(d.probe(), d.metadata(), d.process(), d.transfer()));
        StartupLog.containerd(client, endpoint.managed());
        return client;
    }

    @Bean
    ContainerRuntime containerRuntime(ContainerdClient client, CreationJournal journal, ShimProcesses shims) {
        return CreationJournaling.journaled(ContainerdAdapters.containerRuntime(client), journal, shims);
    }

    /** Notes of the Containers.Create and Tasks.Create calls under way, under {@code <jcri.root-dir>/creating}. */
    @Bean
    CreationJournal creationJournal(ValidatedSettings settings) {
        return ContainerdAdapters.creationJournal(
                settings.properties().rootDir().resolve("creating"));
    }

    /**
     * The shims of jcri's namespace on its containerd: the managed one's state directory, or
     * {@code jcri.containerd.state-dir} for the node's.
     */
    @Bean
    ShimProcesses shimProcesses(ValidatedSettings settings, ContainerdEndpoint endpoint) {
        ContainerdProperties c = settings.properties().containerd();
        Path state = endpoint.managed() != null ? endpoint.managed().stateDir() : c.stateDir();
        return ContainerdAdapters.shimProcesses(state, c.namespace(), endpoint.socket());
    }

    @Bean(destroyMethod = "close")
    CniPodNetwork podNetwork(StartupProbes probes) {
        return probes.podNetwork();
    }

    @Bean
    JcriVersion jcriVersion(ObjectProvider<BuildProperties> build) {
        BuildProperties b = build.getIfAvailable();
        return new JcriVersion(b != null ? b.getVersion() : "dev");
    }

    /** jcri's build version. */
    public record JcriVersion(String value) {}

    @Bean
    RuntimeStatus runtimeStatus(
            ContainerRuntime runtime,
            PodNetwork network,
            JcriVersion version,
            ValidatedSettings settings,
            ContainerdClient client,
            RuntimeHandlers runtimeHandlers,
            RecoveryState recovery,
            io.jcri.ports.out.ContainerCheckpoints checkpoints) {
        JcriProperties.Runtime rt = settings.properties().runtime();
        java.util.List<String> handlers = new java.util.ArrayList<>();
        handlers.add(rt.defaultHandler());
        rt.handlers().keySet().stream()
                .filter(h -> !h.equals(rt.defaultHandler()))
                .forEach(handlers::add);
        RuntimeStatusService status = new RuntimeStatusService(
                runtime,
                network,
                version.value(),
                summary(settings.properties(), client),
                handlers,
                rt.handlers().get(rt.defaultHandler()).options().systemdCgroup(),
                runtimeHandlers.features(),
                Map.of(
                        "checkpoint",
                        () -> io.jcri.ports.application.checkpoint.ContainerCheckpointing.statusInfo(checkpoints)));
        return new RecoveringRuntimeStatus(status, recovery);
    }

    static Map<String, Object> summary(JcriProperties p, ContainerdClient client) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("configFile", p.config().toString());
        m.put("configFileRead", java.nio.file.Files.isRegularFile(p.config()));
        m.put("criSocket", p.cri().socket().toString());
        m.put("rootDir", p.rootDir().toString());
        m.put("stateDir", p.stateDir().toString());
        m.put("containerdSocket", client.socket().toString());
        m.put("containerdNamespace", p.containerd().namespace());
        m.put("containerdManaged", p.containerd().managed());
        m.put("sandboxImage", p.sandboxImage());
        m.put("registryConfigPath", p.registry().configPath().toString());
        m.put("cniConfDir", p.cni().confDir().toString());
        m.put("cniBinDirs", p.cni().binDirs().stream().map(Path::toString).toList());
        m.put("defaultRuntimeHandler", p.runtime().defaultHandler());
        m.put("runtimeHandlers", p.runtime().handlers().keySet().stream().toList());
        m.put("streamingAddress", p.streaming().address());
        m.put("streamingTokenTtl", p.streaming().tokenTtl().toString());
        return m;
    }

    // --- images (pull, list, status, remove, fs usage) ---

    @Bean
    ImageStore imageStore(ContainerdClient client, ValidatedSettings settings, ContainerRuntime runtime) {
        // the containerd runtime under the journaling proxy: its event stream keeps the image
        // index in step (through the proxy the store would not see it, and read containerd on
        // every ImageStatus and ListImages)
        return ContainerdAdapters.imageStore(
                client,
                settings.properties().image().snapshotter(),
                io.jcri.ports.application.recovery.CreationJournaling.unjournaled(runtime));
    }

    @Bean
    ImageRegistry imageRegistry(StartupProbes probes) {
        return probes.imageRegistry();
    }

    @Bean
    ImageManagement imageManagement(
            ImageRegistry registry,
            ImageStore store,
            ValidatedSettings settings,
            RuntimeHandlers handlers,
            EventBus bus) {
        JcriProperties p = settings.properties();
        return new ImageManagementService(
                registry,
                store,
                new ImageManagementService.Settings(
                        p.image().maxConcurrentDownloads(),
                        p.image().pullProgressTimeout(),
                        BuiltinImages.BUILTIN_SETTING.equals(p.sandboxImage()) ? BuiltinImages.PAUSE : p.sandboxImage(),
                        Platform.current(),
                        handlers::snapshotterOf),
                bus);
    }
}
