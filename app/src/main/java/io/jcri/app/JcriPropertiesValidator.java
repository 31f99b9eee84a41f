package io.jcri.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.util.unit.DataSize;

/**
 * The one check of {@link JcriProperties}, made once at start-up (by {@link JcriConfigCheck},
 * before any bean): the first problem stops jcri with one line naming its key.
 */
final class JcriPropertiesValidator {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:]+]|[^:\\s]+):(\\d{1,5})");
    private static final int MAX_UNIX_SOCKET_PATH = 107;

    private JcriPropertiesValidator() {}

    /** @param serverAddress {@code server.address}, where the admin API listens ("" for all addresses) */
    static void validate(JcriProperties p, String serverAddress) {
        socket("jcri.cri.socket", p.cri().socket());
        threads("jcri.cri.short-call-threads", p.cri().shortCallThreads());
        threads("jcri.cri.long-call-threads", p.cri().longCallThreads());
        absolute("jcri.root-dir", p.rootDir());
        absolute("jcri.state-dir", p.stateDir());
        containerd(p.containerd());
        if (p.sandboxImage() == null || p.sandboxImage().isBlank()) {
            throw new InvalidConfigurationException("jcri.sandbox-image", "must not be empty");
        }
        absolute("jcri.registry.config-path", p.registry().configPath());
        cni(p.cni());
        handlers(p.runtime());
        streaming(p.streaming());
        image(p.image());
        admin(p.admin(), serverAddress);
        if (p.nri().enabled()) {
            positive("jcri.nri.registration-timeout", p.nri().registrationTimeout());
            positive("jcri.nri.request-timeout", p.nri().requestTimeout());
        }
    }

    private static void threads(String key, int threads) {
        range(key, threads, 1, 1024);
    }

    private static void containerd(ContainerdProperties c) {
        if (!c.managed()) {
            socket("jcri.containerd.socket", c.socket());
        }
        String ns = c.namespace();
        if (ns == null || !NAMESPACE.matcher(ns).matches() || ns.length() > 76) {
            throw new InvalidConfigurationException(
                    "jcri.containerd.namespace",
                    "'" + ns + "' is not a valid containerd namespace (letters, digits, '_', '-', '.')");
        }
        if (c.binary() == null || c.binary().isBlank()) {
            throw new InvalidConfigurationException("jcri.containerd.binary", "must not be empty");
        }
        if (!isPositive(c.startTimeout())) {
            throw new InvalidConfigurationException("jcri.containerd.start-timeout", "must be a positive duration");
        }
        ContainerdProperties.Deadlines d = c.deadlines();
        positive("jcri.containerd.deadlines.probe", d.probe());
        positive("jcri.containerd.deadlines.metadata", d.metadata());
        positive("jcri.containerd.deadlines.process", d.process());
        positive("jcri.containerd.deadlines.transfer", d.transfer());
    }

    private static void cni(JcriProperties.Cni cni) {
        absolute("jcri.cni.conf-dir", cni.confDir());
        List<Path> binDirs = cni.binDirs();
        if (binDirs.isEmpty()) {
            throw new InvalidConfigurationException("jcri.cni.bin-dirs", "must name at least one directory");
        }
        for (Path dir : binDirs) {
            absolute("jcri.cni.bin-dirs", dir);
        }
    }

    private static void handlers(JcriProperties.Runtime runtime) {
        Map<String, JcriProperties.Handler> handlers = runtime.handlers();
        for (Map.Entry<String, JcriProperties.Handler> h : handlers.entrySet()) {
            String key = "jcri.runtime.handlers." + h.getKey();
            String type = h.getValue().type();
            if (type == null || !type.startsWith("io.containerd.")) {
                throw new InvalidConfigurationException(
                        key + ".type", "'" + type + "' is not a containerd runtime type (like io.containerd.runc.v2)");
            }
            String binary = h.getValue().options().binaryName();
            if (binary == null || binary.isBlank()) {
                throw new InvalidConfigurationException(key + ".options.binary-name", "must not be empty");
            }
        }
        if (!handlers.containsKey(runtime.defaultHandler())) {
            throw new InvalidConfigurationException(
                    "jcri.runtime.default-handler",
                    "'" + runtime.defaultHandler() + "' is not among the configured handlers " + handlers.keySet());
        }
    }

    private static void streaming(StreamingProperties s) {
        var m = s.address() == null ? null : HOST_PORT.matcher(s.address());
        if (m == null || !m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            throw new InvalidConfigurationException(
                    "jcri.streaming.address", "'" + s.address() + "' is not host:port (like 127.0.0.1:0)");
        }
        positive("jcri.streaming.idle-timeout", s.idleTimeout());
        positive("jcri.streaming.token-ttl", s.tokenTtl());
        if (s.maxTokens() < 1) {
            throw new InvalidConfigurationException(
                    "jcri.streaming.max-tokens", "must be at least 1, got " + s.maxTokens());
        }
        positive("jcri.streaming.request-timeout", s.requestTimeout());
        range("jcri.streaming.max-connections", s.maxConnections(), 1, 1_000_000);
        range("jcri.streaming.max-port-forward-streams", s.maxPortForwardStreams(), 1, 65_536);
        bytes("jcri.streaming.attach-buffer-size", s.attachBufferSize(), 4096, "4KB");
        bytes("jcri.streaming.port-forward-buffer-size", s.portForwardBufferSize(), 4096, "4KB");
        if ((s.tlsCert() == null) != (s.tlsKey() == null)) {
            throw new InvalidConfigurationException(
                    "jcri.streaming.tls-cert",
                    "set both jcri.streaming.tls-cert and jcri.streaming.tls-key, or neither");
        }
    }

    private static void image(ImageProperties image) {
        if (image.maxConcurrentDownloads() < 1) {
            throw new InvalidConfigurationException(
                    "jcri.image.max-concurrent-downloads", "must be at least 1, got " + image.maxConcurrentDownloads());
        }
        positive("jcri.image.pull-progress-timeout", image.pullProgressTimeout());
        image.volumesMode();
    }

    /** A token is required beyond loopback. */
    private static void admin(AdminProperties a, String serverAddress) {
        if (a.token().isEmpty() && !loopback(serverAddress)) {
            throw new InvalidConfigurationException(
                    "jcri.admin.token",
                    "must be set when the admin API listens beyond loopback (server.address=" + serverAddress + ")");
        }
        range("jcri.admin.events-max-subscribers", a.eventsMaxSubscribers(), 1, 10_000);
        positive("jcri.admin.events-timeout", a.eventsTimeout());
        bytes("jcri.admin.logs-max-bytes", a.logsMaxBytes(), 64 * 1024, "64KB");
    }

    static boolean loopback(String address) {
        if (address.isEmpty()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidConfigurationException(key, "must be " + min + " to " + max + ", got " + value);
        }
    }

    private static void bytes(String key, DataSize value, long min, String minText) {
        if (value == null || value.toBytes() < min || value.toBytes() > (1L << 30)) {
            throw new InvalidConfigurationException(key, "must be " + minText + " to 1GB, got " + value);
        }
    }

    private static boolean isPositive(Duration d) {
        return d != null && !d.isZero() && !d.isNegative();
    }

    private static void positive(String key, Duration value) {
        if (!isPositive(value)) {
            throw new InvalidConfigurationException(key, "must be positive, got " + value);
        }
    }

    private static void absolute(String key, Path path) {
        if (path == null || !path.isAbsolute()) {
            throw new InvalidConfigurationException(key, "must be an absolute path, got '" + path + "'");
        }
    }

    private static void socket(String key, Path path) {
        absolute(key, path);
        if (path.toString().length() > MAX_UNIX_SOCKET_PATH) {
            throw new InvalidConfigurationException(
                    key, "unix socket path is longer than " + MAX_UNIX_SOCKET_PATH + " bytes: " + path);
        }
    }
}
