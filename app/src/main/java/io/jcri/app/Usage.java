package io.jcri.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code --help}: how to run jcri, where its configuration comes from, its main keys. */
final class Usage {
    private Usage() {}

    static boolean asked(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    static String text(ConfigFile file) {
        JcriProperties d = new JcriProperties();
        StringBuilder b = new StringBuilder();
        b.append("usage: java [JVM options] -jar jcri.jar [--key=value ...]\n")
                .append("jcri: a Kubernetes container runtime (CRI) on containerd.\n\n")
                .append("configuration, each source overriding the one before:\n")
                .append("  built-in defaults\n")
                .append("  the configuration file: ")
                .append(file.describe())
                .append("\n    (another: --jcri.config=PATH or JCRI_CONFIG=PATH; an unknown jcri.* key in it stops"
                        + " start-up)\n")
                .append("  environment variables: JCRI_CRI_SOCKET=/run/jcri/jcri.sock\n")
                .append("  arguments: --jcri.cri.socket=/run/jcri/jcri.sock\n\n")
                .append("main keys, with their defaults:\n");
        row(b, "jcri.cri.socket", d.getCri().getSocket(), "the CRI socket, for crictl and the kubelet");
        row(b, "jcri.root-dir", d.getRootDir(), "persistent state");
        row(b, "jcri.state-dir", d.getStateDir(), "runtime state");
        row(b, "jcri.containerd.managed", d.getContainerd().isManaged(), "start and own a containerd");
        row(b, "jcri.containerd.socket", d.getContainerd().getSocket(), "the node's containerd (not managed)");
        row(b, "jcri.containerd.namespace", d.getContainerd().getNamespace(), "containerd namespace");
        row(b, "jcri.sandbox-image", d.getSandboxImage(), "pause image; builtin: jcri's own");
        row(b, "jcri.cni.conf-dir", d.getCni().getConfDir(), "CNI network configs");
        row(b, "jcri.cni.bin-dirs", join(d.getCni().getBinDirs()), "CNI plugins");
        row(b, "jcri.registry.config-path", d.getRegistry().getConfigPath(), "per-registry hosts.toml");
        row(b, "jcri.runtime.default-handler", d.getRuntime().getDefaultHandler(), "runtime handler by default");
        row(
                b,
                "jcri.runtime.handlers.runc.options.systemd-cgroup",
                d.getRuntime().getHandlers().get("runc").getOptions().isSystemdCgroup(),
                "systemd cgroup driver");
        row(b, "jcri.streaming.address", d.getStreaming().getAddress(), "exec/attach/port-forward server");
        row(b, "server.address, server.port", "127.0.0.1, 7345", "admin API and actuator");
        row(b, "jcri.admin.token", "(none)", "required beyond loopback");
        b.append("\nall keys: README.md, \"Configuration\". crictl: --runtime-endpoint unix://")
                .append(d.getCri().getSocket())
                .append(" (or /etc/crictl.yaml)\n");
        return b.toString();
    }

    /** The help text for these arguments and this environment. */
    static String text(String[] args, Map<String, String> env) {
        return text(ConfigFile.of(args, env));
    }

    private static void row(StringBuilder b, String key, Object value, String meaning) {
        b.append("  ")
                .append(key)
                .append(" = ")
                .append(value)
                .append("\n      ")
                .append(meaning)
                .append('\n');
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(","));
    }
}
