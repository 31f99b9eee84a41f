package io.jcri.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Everything under {@code jcri.*}, bound by constructor (one record per section); defaults here
 * are the documented ones (README). Every value is checked in one place, {@link
 * JcriPropertiesValidator}, before any bean is made.
 *
 * @param config the configuration file (read at start-up, if it exists, by {@code spring.config.import})
 */
@ConfigurationProperties("jcri")
public record JcriProperties(
        @DefaultValue("/etc/jcri/jcri.yaml") Path config,
        @DefaultValue Cri cri,
        @DefaultValue("/var/lib/jcri") Path rootDir,
        @DefaultValue("/run/jcri") Path stateDir,
        @DefaultValue ContainerdProperties containerd,
        @DefaultValue("registry.k8s.io/pause:3.10") String sandboxImage,
        @DefaultValue Registry registry,
        @DefaultValue Cni cni,
        @DefaultValue Runtime runtime,
        @DefaultValue StreamingProperties streaming,
        @DefaultValue ImageProperties image,
        @DefaultValue CdiProperties cdi,
        @DefaultValue NriProperties nri,
        @DefaultValue AdminProperties admin) {

    /** Where the configuration file is looked for unless {@code jcri.config} names another. */
    public static final Path DEFAULT_CONFIG = Path.of("/etc/jcri/jcri.yaml");

    /** The defaults, as {@code jcri.*} binds with nothing set. */
    public static JcriProperties defaults() {
        return new Binder(new MapConfigurationPropertySource()).bindOrCreate("jcri", Bindable.of(JcriProperties.class));
    }

    /**
     * @param shortCallThreads threads for short CRI calls (Status, List*, *Status, stats); more calls queue
     * @param longCallThreads threads for long CRI calls (pulls, pod and container lifecycle, ExecSync); more
     *     calls queue
     */
    public record Cri(
            @DefaultValue("/run/jcri/jcri.sock") Path socket,
            @DefaultValue("8") int shortCallThreads,
            @DefaultValue("64") int longCallThreads) {}

    public record Registry(
            @DefaultValue("/etc/jcri/certs.d") Path configPath) {}

    public record Cni(
            @DefaultValue("/etc/cni/net.d") Path confDir,
            @DefaultValue("/opt/cni/bin,/usr/lib/cni") List<Path> binDirs) {
        public Cni {
            binDirs = binDirs == null ? List.of() : List.copyOf(binDirs);
        }
    }

    /** @param handlers the configured handlers; {@code runc} is there with all defaults unless configured */
    public record Runtime(@DefaultValue("runc") String defaultHandler, Map<String, Handler> handlers) {
        public Runtime {
            Map<String, Handler> all = new LinkedHashMap<>(handlers == null ? Map.of() : handlers);
            all.putIfAbsent("runc", Handler.DEFAULT);
            handlers = java.util.Collections.unmodifiableMap(all);
        }
    }

    /** @param snapshotter the snapshotter of this handler's pods and images; empty: {@code jcri.image.snapshotter} */
    public record Handler(
            @DefaultValue("io.containerd.runc.v2") String type,
            String snapshotter,
            @DefaultValue HandlerOptions options) {
        static final Handler DEFAULT = new Handler("io.containerd.runc.v2", "", HandlerOptions.DEFAULT);

        public Handler {
            snapshotter = snapshotter == null ? "" : snapshotter;
            options = options == null ? HandlerOptions.DEFAULT : options;
        }
    }

    public record HandlerOptions(@DefaultValue("runc") String binaryName, String root, boolean systemdCgroup) {
        static final HandlerOptions DEFAULT = new HandlerOptions("runc", "", false);

        public HandlerOptions {
            root = root == null ? "" : root;
        }
    }
}
