package io.jcri.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks {@link JcriProperties} once at start-up; the first problem stops jcri with one line. */
final class JcriPropertiesValidator {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:]+]|[^:\\s]+):(\\d{1,5})");
    private static final int MAX_UNIX_SOCKET_PATH = 107;

    private JcriPropertiesValidator() {}

    static void validate(JcriProperties p) {
        socket("jcri.cri.socket", p.getCri().getSocket());
        threads("jcri.cri.short-call-threads", p.getCri().getShortCallThreads());
        threads("jcri.cri.long-call-threads", p.getCri().getLongCallThreads());
        absolute("jcri.root-dir", p.getRootDir());
        absolute("jcri.state-dir", p.getStateDir());
        containerd(p);
        if (p.getSandboxImage() == null || p.getSandboxImage().isBlank()) {
            throw new InvalidConfigurationException("jcri.sandbox-image", "must not be empty");
        }
        absolute("jcri.registry.config-path", p.getRegistry().getConfigPath());
        cni(p);
        handlers(p);
        String streaming = p.getStreaming().getAddress();
        var m = streaming == null ? null : HOST_PORT.matcher(streaming);
        if (m == null || !m.matches() || Integer.parseInt(m.group(2)) > 65535) {
            throw new InvalidConfigurationException(
                    "jcri.streaming.address", "'" + streaming + "' is not host:port (like 127.0.0.1:0)");
        }
    }

    private static void threads(String key, int threads) {
        if (threads < 1 || threads > 1024) {
            throw new InvalidConfigurationException(key, "must be 1 to 1024, got " + threads);
        }
    }

    private static void containerd(JcriProperties p) {
        if (!p.getContainerd().isManaged()) {
            socket("jcri.containerd.socket", p.getContainerd().getSocket());
        }
        String ns = p.getContainerd().getNamespace();
        if (ns == null || !NAMESPACE.matcher(ns).matches() || ns.length() > 76) {
            throw new InvalidConfigurationException(
                    "jcri.containerd.namespace",
                    "'" + ns + "' is not a valid containerd namespace (letters, digits, '_', '-', '.')");
        }
        if (p.getContainerd().getBinary() == null
                || p.getContainerd().getBinary().isBlank()) {
            throw new InvalidConfigurationException("jcri.containerd.binary", "must not be empty");
        }
        if (p.getContainerd().getStartTimeout() == null
                || p.getContainerd().getStartTimeout().isNegative()
                || p.getContainerd().getStartTimeout().isZero()) {
            throw new InvalidConfigurationException("jcri.containerd.start-timeout", "must be a positive duration");
        }
        ContainerdProperties.Deadlines d = p.getContainerd().getDeadlines();
        positive("jcri.containerd.deadlines.probe", d.getProbe());
        positive("jcri.containerd.deadlines.metadata", d.getMetadata());
        positive("jcri.containerd.deadlines.process", d.getProcess());
        positive("jcri.containerd.deadlines.transfer", d.getTransfer());
    }

    private static void positive(String key, java.time.Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidConfigurationException(key, "must be a positive duration");
        }
    }

    private static void cni(JcriProperties p) {
        absolute("jcri.cni.conf-dir", p.getCni().getConfDir());
        List<Path> binDirs = p.getCni().getBinDirs();
        if (binDirs == null || binDirs.isEmpty()) {
            throw new InvalidConfigurationException("jcri.cni.bin-dirs", "must name at least one directory");
        }
        for (Path dir : binDirs) {
            absolute("jcri.cni.bin-dirs", dir);
        }
    }

    private static void handlers(JcriProperties p) {
        Map<String, JcriProperties.Handler> handlers = p.getRuntime().getHandlers();
        for (Map.Entry<String, JcriProperties.Handler> h : handlers.entrySet()) {
            String key = "jcri.runtime.handlers." + h.getKey();
            if (h.getValue().getType() == null || !h.getValue().getType().startsWith("io.containerd.")) {
                throw new InvalidConfigurationException(
                        key + ".type",
                        "'" + h.getValue().getType()
                                + "' is not a containerd runtime type (like io.containerd.runc.v2)");
            }
            if (h.getValue().getOptions().getBinaryName() == null
                    || h.getValue().getOptions().getBinaryName().isBlank()) {
                throw new InvalidConfigurationException(key + ".options.binary-name", "must not be empty");
            }
        }
        if (!handlers.containsKey(p.getRuntime().getDefaultHandler())) {
            throw new InvalidConfigurationException(
                    "jcri.runtime.default-handler",
                    "'" + p.getRuntime().getDefaultHandler() + "' is not among the configured handlers "
                            + handlers.keySet());
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
