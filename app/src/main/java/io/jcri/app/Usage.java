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
        JcriProperties d = JcriProperties.defaults();
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
        row(b, "jcri.cri.socket", d.cri().socket(), "the CRI socket, for crictl and the kubelet");
        row(b, "jcri.root-dir", d.rootDir(), "persistent state");
        row(b, "jcri.state-dir", d.stateDir(), "runtime state");
        row(b, "jcri.containerd.managed", d.containerd().managed(), "start and own a containerd");
        row(b, "jcri.containerd.socket", d.containerd().socket(), "the node's containerd (not managed)");
        row(b, "jcri.containerd.namespace", d.containerd().namespace(), "containerd namespace");
        row(b, "jcri.sandbox-image", d.sandboxImage(), "pause image; builtin: jcri's own");
        row(b, "jcri.cni.conf-dir", d.cni().confDir(), "CNI network configs");
        row(b, "jcri.cni.bin-dirs", join(d.cni().binDirs()), "CNI plugins");
        row(b, "jcri.registry.config-path", d.registry().configPath(), "per-registry hosts.toml");
        row(b, "jcri.runtime.default-handler", d.runtime().defaultHandler(), "runtime handler by default");
        row(
                b,
                "jcri.runtime.handlers.runc.options.systemd-cgroup",
                d.runtime().handlers().get("runc").options().systemdCgroup(),
                "systemd cgroup driver");
        row(b, "jcri.streaming.address", d.streaming().address(), "exec/attach/port-forward server");
        row(b, "server.address, server.port", "127.0.0.1, 7345", "admin API and actuator");
        row(b, "jcri.admin.token", "(none)", "required beyond loopback");
        b.append("\nall keys: README.md, \"Configuration\". crictl: --runtime-endpoint unix://")
                .append(d.cri().socket())
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
