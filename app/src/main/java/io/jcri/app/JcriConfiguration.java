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
import io.jcri.ports.application.CreationJournaling;
import io.jcri.ports.application.EventBus;
import io.jcri.ports.application.ImageDefinedVolumes;
import io.jcri.ports.application.ImageManagementService;
import io.jcri.ports.application.RecoveringRuntimeStatus;
import io.jcri.ports.application.RecoveryState;
import io.jcri.ports.application.RuntimeHandlers;
import io.jcri.ports.application.RuntimeStatusService;
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
import org.springframework.context.event.EventListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.ServerBuilderCustomizer;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/** Wires the core services to the adapters from {@link JcriProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JcriProperties.class)
@Import({CriGrpcConfiguration.class, SandboxWiring.class, StreamingWiring.class, ObservabilityWiring.class})
public class JcriConfiguration {
    /** The validated configuration: the first bad value stops start-up naming its key. */
    @Bean
    ValidatedSettings validatedSettings(JcriProperties properties, ConfigurableEnvironment environment) {
        JcriConfigCheck.validate(properties, environment.getProperty("server.address", ""));
        StartupLog.configuration(environment);
        return new ValidatedSettings(properties);
    }

    record ValidatedSettings(JcriProperties properties) {}

    /** How many threads the CRI's short and long calls get (see {@link CriCallExecutors}). */
    @Bean
    CriCallExecutors.Settings criCallPoolSettings(ValidatedSettings settings) {
        JcriProperties.Cri cri = settings.properties().getCri();
        return new CriCallExecutors.Settings(cri.getShortCallThreads(), cri.getLongCallThreads());
    }

    @Bean(destroyMethod = "close")
    CriSocketGuard criSocketGuard(ValidatedSettings settings) {
        CriSocketGuard guard = new CriSocketGuard(settings.properties().getCri().getSocket());
        guard.acquire();
        return guard;
    }

    @Bean
    CriSocketModeListener criSocketModeListener(CriSocketGuard guard) {
        return new CriSocketModeListener(guard);
    }

    /** Sets the socket's mode as soon as the gRPC server has bound it. */
    static final class CriSocketModeListener {
        private final CriSocketGuard guard;

        CriSocketModeListener(CriSocketGuard guard) {
            this.guard = guard;
        }

        @EventListener
        public void onStarted(GrpcServerStartedEvent event) {
            guard.restrictMode();
        }
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
    ContainerdEndpoint containerdEndpoint(ValidatedSettings settings, CriSocketGuard guard) {
        // The guard comes first: a second jcri on the same socket must stop before it touches
        // the containerd the first one manages.
        JcriProperties p = settings.properties();
        if (!p.getContainerd().isManaged()) {
            return new ContainerdEndpoint(p.getContainerd().getSocket(), null);
        }
        ManagedContainerd managed = new ManagedContainerd(
                p.getContainerd().getBinary(),
                p.getRootDir(),
                p.getStateDir(),
                p.getContainerd().getStartTimeout());
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
    ContainerdClient containerdClient(ValidatedSettings settings, ContainerdEndpoint endpoint) {
        ContainerdProperties c = settings.properties().getContainerd();
        ContainerdProperties.Deadlines d = c.getDeadlines();
        ContainerdClient client = ContainerdClient.connect(
                endpoint.socket(),
                c.getNamespace(),
                new CallDeadlines(d.getProbe(), d.getMetadata(), d.getProcess(), d.getTransfer()));
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
                settings.properties().getRootDir().resolve("creating"));
    }

    /**
     * The shims of jcri's namespace on its containerd: the managed one's state directory, or
     * {@code jcri.containerd.state-dir} for the node's.
     */
    @Bean
    ShimProcesses shimProcesses(ValidatedSettings settings, ContainerdEndpoint endpoint) {
        JcriProperties.Containerd c = settings.properties().getContainerd();
        Path state = endpoint.managed() != null ? endpoint.managed().stateDir() : c.getStateDir();
        return ContainerdAdapters.shimProcesses(state, c.getNamespace(), endpoint.socket());
    }

    @Bean(destroyMethod = "close")
    CniPodNetwork podNetwork(ValidatedSettings settings) {
        return CniPodNetwork.start(
                settings.properties().getCni().getConfDir(),
                settings.properties().getCni().getBinDirs(),
                settings.properties().getStateDir(),
                settings.properties().getRootDir());
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
        JcriProperties.Runtime rt = settings.properties().getRuntime();
        java.util.List<String> handlers = new java.util.ArrayList<>();
        handlers.add(rt.getDefaultHandler());
        rt.getHandlers().keySet().stream()
                .filter(h -> !h.equals(rt.getDefaultHandler()))
                .forEach(handlers::add);
        RuntimeStatusService status = new RuntimeStatusService(
                runtime,
                network,
                version.value(),
                summary(settings.properties(), client),
                handlers,
                rt.getHandlers().get(rt.getDefaultHandler()).getOptions().isSystemdCgroup(),
                runtimeHandlers.features());
        status.withVerboseInfo(
                "checkpoint", () -> io.jcri.ports.application.ContainerCheckpointing.statusInfo(checkpoints));
        return new RecoveringRuntimeStatus(status, recovery);
    }

    static Map<String, Object> summary(JcriProperties p, ContainerdClient client) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("configFile", p.getConfig().toString());
        m.put("configFileRead", java.nio.file.Files.isRegularFile(p.getConfig()));
        m.put("criSocket", p.getCri().getSocket().toString());
        m.put("rootDir", p.getRootDir().toString());
        m.put("stateDir", p.getStateDir().toString());
        m.put("containerdSocket", client.socket().toString());
        m.put("containerdNamespace", p.getContainerd().getNamespace());
        m.put("containerdManaged", p.getContainerd().isManaged());
        m.put("sandboxImage", p.getSandboxImage());
        m.put("registryConfigPath", p.getRegistry().getConfigPath().toString());
        m.put("cniConfDir", p.getCni().getConfDir().toString());
        m.put("cniBinDirs", p.getCni().getBinDirs().stream().map(Path::toString).toList());
        m.put("defaultRuntimeHandler", p.getRuntime().getDefaultHandler());
        m.put("runtimeHandlers", p.getRuntime().getHandlers().keySet().stream().toList());
        m.put("streamingAddress", p.getStreaming().getAddress());
        m.put("streamingTokenTtl", p.getStreaming().getTokenTtl().toString());
        return m;
    }

    // --- images (pull, list, status, remove, fs usage) ---

    @Bean
    ImageStore imageStore(ContainerdClient client, ValidatedSettings settings, ContainerRuntime runtime) {
        return ContainerdAdapters.imageStore(
                client, settings.properties().getImage().getSnapshotter(), runtime);
    }

    @Bean
    ImageRegistry imageRegistry(ValidatedSettings settings) {
        JcriProperties p = settings.properties();
        return ContainerdAdapters.imageRegistry(
                p.getRegistry().getConfigPath(), p.getImage().getPullProgressTimeout());
    }

    @Bean
    ImageManagement imageManagement(
            ImageRegistry registry,
            ImageStore store,
            ValidatedSettings settings,
            RuntimeHandlers handlers,
            EventBus bus) {
        JcriProperties p = settings.properties();
        validateImage(p.getImage());
        return new ImageManagementService(
                registry,
                store,
                new ImageManagementService.Settings(
                        p.getImage().getMaxConcurrentDownloads(),
                        p.getImage().getPullProgressTimeout(),
                        BuiltinImages.BUILTIN_SETTING.equals(p.getSandboxImage())
                                ? BuiltinImages.PAUSE
                                : p.getSandboxImage(),
                        Platform.current(),
                        handlers::snapshotterOf),
                bus);
    }

    /** The image settings' checks (also made before start-up, by {@link JcriConfigCheck}). */
    static void validateImage(ImageProperties image) {
        if (image.getMaxConcurrentDownloads() < 1) {
            throw new InvalidConfigurationException(
                    "jcri.image.max-concurrent-downloads",
                    "must be at least 1, got " + image.getMaxConcurrentDownloads());
        }
        if (image.getPullProgressTimeout().isNegative()
                || image.getPullProgressTimeout().isZero()) {
            throw new InvalidConfigurationException(
                    "jcri.image.pull-progress-timeout", "must be positive, got " + image.getPullProgressTimeout());
        }
        imageVolumesMode(image);
    }

    /** {@code jcri.image.volumes}, parsed. */
    static ImageDefinedVolumes.Mode imageVolumesMode(ImageProperties image) {
        try {
            return ImageDefinedVolumes.Mode.parse(image.getVolumes());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(
                    "jcri.image.volumes", "must be copy or ignore, got \"" + image.getVolumes() + "\"");
        }
    }
}
