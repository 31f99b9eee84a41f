package io.jcri.it.bench;

import io.jcri.adapters.containerd.ManagedContainerd;
import io.jcri.it.fixtures.CniConfigs;
import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.JcriProcess;
import io.jcri.it.fixtures.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One private node of the crash harness: jcri (its own JVM, SIGKILLable) with its own socket, root
 * and state under one temporary directory, a CNI bridge and subnet used by nothing else, and
 * either the containerd jcri manages or one the harness starts (its own root, state and socket).
 * {@link #close} ends every process of the node and removes all it made, also after a failure.
 */
final class CrashNode implements AutoCloseable {
    /** The two ways jcri meets containerd. */
    enum Mode {
        MANAGED,
        EXTERNAL
    }

    static final String NETWORK = "crash-pods";

    final Mode mode;
    final Path dir;
    final String bridge;
    final Path engineSocket;
    final Path engineState;
    final String namespace;
    private ManagedContainerd external;
    private JcriProcess jcri;
    private boolean closed;

    private CrashNode(Mode mode, Path dir) {
        this.mode = mode;
        this.dir = dir;
        // bridges and subnets of the harness alone (the ITs use jcri-xx0 on 10.88.x)
        this.bridge = mode == Mode.MANAGED ? "jcri-crm0" : "jcri-cre0";
        Path ctdState = mode == Mode.MANAGED ? dir.resolve("state") : dir.resolve("ext-state");
        this.engineState = ctdState.resolve("containerd");
        this.engineSocket = engineState.resolve("containerd.sock");
        this.namespace = mode == Mode.MANAGED ? "k8s.io" : "jcri-crash";
    }

    static CrashNode start(Mode mode) throws IOException {
        CrashNode node =
                new CrashNode(mode, TestDirs.create("crash-" + mode.name().toLowerCase()));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        try {
            node.startAll();
        } catch (RuntimeException | IOException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private void startAll() throws IOException {
        // a bridge left by an earlier run that was killed would carry its old addresses
        Commands.run("ip", "link", "del", bridge);
        String subnet = mode == Mode.MANAGED ? "10.77.10.0/24" : "10.77.11.0/24";
        CniConfigs.write(
                dir.resolve("net.d"), "10-crash.conflist", CniConfigs.bridge(NETWORK, bridge, subnet, ipamDir(), ""));
        if (mode == Mode.EXTERNAL) {
            external = new ManagedContainerd(
                    "containerd", dir.resolve("ext-root"), dir.resolve("ext-state"), Duration.ofSeconds(60));
            external.start();
        }
        Path config = Files.writeString(dir.resolve("jcri.yaml"), yaml());
        Path socket = dir.resolve("state/jcri.sock");
        jcri = JcriProcess.start(socket, dir.resolve("jcri.log"), "--jcri.config=" + config);
    }

    Path ipamDir() {
        return dir.resolve("ipam");
    }

    Path rootDir() {
        return dir.resolve("root");
    }

    Path stateDir() {
        return dir.resolve("state");
    }

    private String yaml() {
        List<String> lines = new ArrayList<>();
        lines.add("jcri:");
        lines.add("  containerd:");
        if (mode == Mode.MANAGED) {
            lines.add("    managed: true");
        } else {
            lines.add("    socket: " + engineSocket);
            lines.add("    state-dir: " + engineState);
            lines.add("    namespace: " + namespace);
        }
        lines.add("  cri: {socket: " + stateDir().resolve("jcri.sock") + "}");
        lines.add("  root-dir: " + rootDir());
        lines.add("  state-dir: " + stateDir());
        lines.add("  sandbox-image: builtin");
        lines.add("  cni: {conf-dir: " + dir.resolve("net.d") + ", bin-dirs: " + CniConfigs.DEBIAN_PLUGINS + "}");
        lines.add("  registry: {config-path: " + dir.resolve("certs.d") + "}");
        lines.add("server: {port: 0}");
        return String.join("\n", lines) + "\n";
    }

    JcriProcess jcri() {
        return jcri;
    }

    /** Runs ctr against this node's containerd in {@code ns}; its output lines. */
    List<String> ctr(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ctr", "--address", engineSocket.toString(), "-n", ns));
        cmd.addAll(List.of(args));
        Commands.Result r = Commands.run(cmd);
        if (r.exit() != 0) {
            throw new IllegalStateException("ctr failed: " + cmd + ": " + r.output());
        }
        return r.output().lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (jcri != null) {
            jcri.close();
        }
        if (external != null) {
            external.close();
        } else {
            // jcri stops the containerd it manages when it ends; one it left (killed) is ended here
            stopPidFile(engineState.resolve("containerd.pid"));
        }
        try {
            LeakCount.shims(engineSocket)
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        } catch (IOException e) {
            System.err.println("cannot list shims: " + e);
        }
        Commands.run(
                "sh", "-c", "grep -o ' " + dir + "/[^ ]*' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l");
        Commands.run("ip", "link", "del", bridge);
        TestDirs.delete(dir);
    }

    private static void stopPidFile(Path pidFile) {
        try {
            if (Files.isRegularFile(pidFile)) {
                long pid = Long.parseLong(Files.readString(pidFile).trim());
                ProcessHandle.of(pid).ifPresent(p -> {
                    p.destroy();
                    try {
                        p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        p.destroyForcibly();
                    }
                });
            }
        } catch (IOException | NumberFormatException e) {
            System.err.println("cannot stop containerd of " + pidFile + ": " + e);
        }
    }
}
