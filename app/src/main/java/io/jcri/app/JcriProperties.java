package io.jcri.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Everything under {@code jcri.*}; defaults here are the documented ones (README). */
@ConfigurationProperties("jcri")
public class JcriProperties {
    /** Where the configuration file is looked for unless {@code jcri.config} names another. */
    public static final Path DEFAULT_CONFIG = Path.of("/etc/jcri/jcri.yaml");

    private Path config = DEFAULT_CONFIG;
    private final Cri cri = new Cri();
    private Path rootDir = Path.of("/var/lib/jcri");
    private Path stateDir = Path.of("/run/jcri");
    private final Containerd containerd = new Containerd();
    private String sandboxImage = "registry.k8s.io/pause:3.10";
    private final Registry registry = new Registry();
    private final Cni cni = new Cni();
    private final Runtime runtime = new Runtime();
    private final Streaming streaming = new Streaming();
    private final ImageProperties image = new ImageProperties();
    private final CdiProperties cdi = new CdiProperties();
    private final NriProperties nri = new NriProperties();

    /** The configuration file (read at start-up, if it exists, by {@code spring.config.import}). */
    public Path getConfig() {
        return config;
    }

    public void setConfig(Path config) {
        this.config = config;
    }

    public Cri getCri() {
        return cri;
    }

    public Path getRootDir() {
        return rootDir;
    }

    public void setRootDir(Path rootDir) {
        this.rootDir = rootDir;
    }

    public Path getStateDir() {
        return stateDir;
    }

    public void setStateDir(Path stateDir) {
        this.stateDir = stateDir;
    }

    public Containerd getContainerd() {
        return containerd;
    }

    public String getSandboxImage() {
        return sandboxImage;
    }

    public void setSandboxImage(String sandboxImage) {
        this.sandboxImage = sandboxImage;
    }

    public Registry getRegistry() {
        return registry;
    }

    public Cni getCni() {
        return cni;
    }

    public Runtime getRuntime() {
        return runtime;
    }

    public Streaming getStreaming() {
        return streaming;
    }

    public ImageProperties getImage() {
        return image;
    }

    public CdiProperties getCdi() {
        return cdi;
    }

    public NriProperties getNri() {
        return nri;
    }

    public static class Cri {
        private Path socket = Path.of("/run/jcri/jcri.sock");
        /** Threads for short CRI calls (Status, List*, *Status, stats); more calls queue. */
        private int shortCallThreads = 8;
        /** Threads for long CRI calls (pulls, pod and container lifecycle, ExecSync); more calls queue. */
        private int longCallThreads = 64;

        public Path getSocket() {
            return socket;
        }

        public void setSocket(Path socket) {
            this.socket = socket;
        }

        public int getShortCallThreads() {
            return shortCallThreads;
        }

        public void setShortCallThreads(int shortCallThreads) {
            this.shortCallThreads = shortCallThreads;
        }

        public int getLongCallThreads() {
            return longCallThreads;
        }

        public void setLongCallThreads(int longCallThreads) {
            this.longCallThreads = longCallThreads;
        }
    }

    /** {@code jcri.containerd.*} (its keys in {@link ContainerdProperties}). */
    public static class Containerd extends ContainerdProperties {}

    public static class Registry {
        private Path configPath = Path.of("/etc/jcri/certs.d");

        public Path getConfigPath() {
            return configPath;
        }

        public void setConfigPath(Path configPath) {
            this.configPath = configPath;
        }
    }

    public static class Cni {
        private Path confDir = Path.of("/etc/cni/net.d");
        private List<Path> binDirs = new ArrayList<>(List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni")));

        public Path getConfDir() {
            return confDir;
        }

        public void setConfDir(Path confDir) {
            this.confDir = confDir;
        }

        public List<Path> getBinDirs() {
            return binDirs;
        }

        public void setBinDirs(List<Path> binDirs) {
            this.binDirs = binDirs;
        }
    }

    public static class Runtime {
        private String defaultHandler = "runc";
        private Map<String, Handler> handlers = new LinkedHashMap<>();

        public String getDefaultHandler() {
            return defaultHandler;
        }

        public void setDefaultHandler(String defaultHandler) {
            this.defaultHandler = defaultHandler;
        }

        /** The configured handlers; {@code runc} is there with all defaults unless configured. */
        public Map<String, Handler> getHandlers() {
            handlers.putIfAbsent("runc", new Handler());
            return handlers;
        }

        public void setHandlers(Map<String, Handler> handlers) {
            this.handlers = handlers;
        }
    }

    public static class Handler {
        private String type = "io.containerd.runc.v2";
        private String snapshotter = "";
        private final HandlerOptions options = new HandlerOptions();

        /** The snapshotter of this handler's pods and images; empty: {@code jcri.image.snapshotter}. */
        public String getSnapshotter() {
            return snapshotter;
        }

        public void setSnapshotter(String snapshotter) {
            this.snapshotter = snapshotter;
        }

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public HandlerOptions getOptions() {
            return options;
        }
    }

    public static class HandlerOptions {
        private String binaryName = "runc";
        private String root = "";
        private boolean systemdCgroup = false;

        public String getBinaryName() {
            return binaryName;
        }

        public void setBinaryName(String binaryName) {
            this.binaryName = binaryName;
        }

        public String getRoot() {
            return root;
        }

        public void setRoot(String root) {
            this.root = root;
        }

        public boolean isSystemdCgroup() {
            return systemdCgroup;
        }

        public void setSystemdCgroup(boolean systemdCgroup) {
            this.systemdCgroup = systemdCgroup;
        }
    }

    public static class Streaming extends StreamingLimitsProperties {
        private String address = "127.0.0.1:0";
        // ---- streaming server (exec, attach, port-forward) ----
        /** A streaming connection with no traffic either way for this long is closed. */
        private Duration idleTimeout = Duration.ofHours(4);
        /** How long an Exec/Attach/PortForward URL stays valid. */
        private Duration tokenTtl = Duration.ofMinutes(1);
        /** How many URLs may wait for their client at once. */
        private int maxTokens = 1000;
        /** PEM certificate chain: serve HTTPS (with {@code tls-key}); empty for plain HTTP. */
        private Path tlsCert;
        /** PEM PKCS#8 private key of {@code tls-cert}. */
        private Path tlsKey;

        public String getAddress() {
            return address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public Duration getTokenTtl() {
            return tokenTtl;
        }

        public void setTokenTtl(Duration tokenTtl) {
            this.tokenTtl = tokenTtl;
        }

        public int getMaxTokens() {
            return maxTokens;
        }

        public void setMaxTokens(int maxTokens) {
            this.maxTokens = maxTokens;
        }

        public Path getTlsCert() {
            return tlsCert;
        }

        public void setTlsCert(Path tlsCert) {
            this.tlsCert = tlsCert;
        }

        public Path getTlsKey() {
            return tlsKey;
        }

        public void setTlsKey(Path tlsKey) {
            this.tlsKey = tlsKey;
        }
    }

    // ---- jcri.admin.*: the admin API ----

    private final Admin admin = new Admin();

    public Admin getAdmin() {
        return admin;
    }

    public static class Admin extends AdminLimitsProperties {
        /**
         * Bearer token the admin API ({@code /api/**}, {@code /v3/api-docs}) and the actuator (but its liveness and
         * readiness probes) require; empty for none, only allowed while {@code server.address} is a loopback address.
         */
        private String token = "";

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }
    }
}
