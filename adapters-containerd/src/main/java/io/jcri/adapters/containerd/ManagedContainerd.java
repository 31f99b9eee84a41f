package io.jcri.adapters.containerd;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.threads.NamedThreads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A containerd that jcri starts and owns: private config, root, state and socket under jcri's
 * directories, its own CRI plugin disabled. Started at jcri's start (or adopted, when a pid file
 * names a containerd still running from a jcri that was killed), restarted if it dies, stopped
 * when jcri stops.
 */
public final class ManagedContainerd implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ManagedContainerd.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String binary;
    private final Path root;
    private final Path state;
    private final Path socket;
    private final Path config;
    private final Path pidFile;
    private final Path logFile;
    private final Duration startTimeout;
    private volatile ProcessHandle process;
    private volatile boolean closing;
    private volatile boolean adopted;
    private Thread monitor;

    /**
     * @param binary the containerd executable (a name on PATH or a path)
     * @param jcriRoot jcri's root dir: containerd's persistent root goes in {@code containerd/}
     * @param jcriState jcri's state dir: containerd's state, socket, config and pid file go in
     *     {@code containerd/}
     */
    public ManagedContainerd(String binary, Path jcriRoot, Path jcriState, Duration startTimeout) {
        this.binary = binary;
        this.root = jcriRoot.resolve("containerd");
        this.state = jcriState.resolve("containerd");
        this.socket = state.resolve("containerd.sock");
        this.config = state.resolve("config.toml");
        this.pidFile = state.resolve("containerd.pid");
        this.logFile = state.resolve("containerd.log");
        this.startTimeout = startTimeout;
    }

    /** The socket this containerd serves on. */
    public Path socket() {
        return socket;
    }

    public Path logFile() {
        return logFile;
    }

    /** The pid of the containerd in use, if one runs. */
    public Optional<Long> pid() {
        ProcessHandle p = process;
        return p != null && p.isAlive() ? Optional.of(p.pid()) : Optional.empty();
    }

    /** Whether the containerd in use is one a previous jcri left running (else jcri started it). */
    public boolean adopted() {
        return adopted;
    }

    /** Adopts the containerd a previous jcri left running, or starts one; waits until it answers. */
    public synchronized void start() {
        try {
            Files.createDirectories(root);
            Files.createDirectories(state);
            writeConfig();
        } catch (IOException e) {
            throw new JcriException.Internal("cannot prepare managed containerd under " + state + ": " + e, e);
        }
        Optional<ProcessHandle> left = adoptable();
        if (left.isPresent() && answers(Duration.ofSeconds(5))) {
            process = left.get();
            adopted = true;
            log.debug("adopted managed containerd pid {} on {}", process.pid(), socket);
        } else {
            left.ifPresent(p -> log.warn(
                    "containerd pid {} from a previous jcri does not answer on {}; starting a new one",
                    p.pid(),
                    socket));
            left.ifPresent(ManagedContainerd::kill);
            spawn();
        }
        startMonitor();
    }

    private void writeConfig() throws IOException {
        String toml = String.join(
                "\n",
                List.of(
                        "# Written by jcri for the containerd it manages; rewritten at every start.",
                        "version = 2",
                        "root = " + quote(root),
                        "state = " + quote(state),
                        "disabled_plugins = [\"io.containerd.grpc.v1.cri\"]",
                        "",
                        "[grpc]",
                        "  address = " + quote(socket),
                        "",
                        "[ttrpc]",
                        "  address = " + quote(Path.of(socket + ".ttrpc")),
                        "",
                        "[plugins.\"io.containerd.internal.v1.opt\"]",
                        "  path = " + quote(root.resolve("opt")),
                        ""));
        Path tmp = config.resolveSibling(config.getFileName() + ".tmp");
        Files.writeString(tmp, toml, StandardCharsets.UTF_8);
        Files.move(tmp, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String quote(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private Optional<ProcessHandle> adoptable() {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info()
                            .command()
                            .map(c -> c.endsWith("containerd"))
                            .orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void spawn() {
        try {
            Files.deleteIfExists(socket);
            // In a session of its own (setsid execs in place, so the pid stays containerd's): a
            // Ctrl-C or a signal to jcri's process group must not reach it; jcri stops it itself.
            List<String> command = Files.isExecutable(SETSID)
                    ? List.of(SETSID.toString(), binary, "--config", config.toString())
                    : List.of(binary, "--config", config.toString());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Process p = pb.start();
            process = p.toHandle();
            adopted = false;
            Path tmp = pidFile.resolveSibling("containerd.pid.tmp");
            Files.writeString(tmp, Long.toString(p.pid()));
            Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // said at info by whoever reports the containerd in use; a restart says so at warn
            log.debug("started managed containerd pid {} on {} (log {})", p.pid(), socket, logFile);
        } catch (IOException e) {
            throw new JcriException.Unavailable(
                    "cannot start managed containerd '" + binary + "': " + e.getMessage()
                            + " (is containerd installed?)",
                    e);
        }
        if (!answers(startTimeout)) {
            ProcessHandle p = process;
            String why = p.isAlive() ? "it did not answer within " + startTimeout.toSeconds() + "s" : "it exited";
            kill(p);
            throw new JcriException.Unavailable(
                    "managed containerd on " + socket + " failed to start: " + why + "; see " + logFile);
        }
    }

    private boolean answers(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try (ContainerdClient probe = ContainerdClient.connect(socket, "default")) {
            while (System.nanoTime() < deadline) {
                ProcessHandle p = process;
                if (p != null && !p.isAlive()) {
                    return false;
                }
                if (Files.exists(socket)) {
                    try {
                        probe.version();
                        return true;
                    } catch (JcriException e) {
                        // not yet
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void startMonitor() {
        if (monitor != null && monitor.isAlive()) {
            return;
        }
        monitor = NamedThreads.daemon("managed-containerd-monitor", this::watch);
        monitor.start();
    }

    private void watch() {
        long backoffMs = 500;
        while (!closing) {
            ProcessHandle p = process;
            try {
                p.onExit().get();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // fall through to the check below
            }
            if (closing) {
                return;
            }
            log.warn("managed containerd pid {} exited; restarting it (see {})", p.pid(), logFile);
            try {
                Thread.sleep(backoffMs);
                synchronized (this) {
                    if (closing) {
                        return;
                    }
                    spawn();
                }
                backoffMs = 500;
            } catch (InterruptedException e) {
                return;
            } catch (JcriException e) {
                log.error("restarting managed containerd failed: {}", e.getMessage());
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }

    /**
     * Stops watching without stopping containerd, as a killed jcri would: the next jcri adopts it.
     */
    public synchronized void detach() {
        closing = true;
        if (monitor != null) {
            monitor.interrupt();
        }
    }

    /** Stops the containerd (SIGTERM, then SIGKILL after a grace period). Shims keep running. */
    @Override
    public synchronized void close() {
        closing = true;
        if (monitor != null) {
            monitor.interrupt();
        }
        ProcessHandle p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                p.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
            log.info("stopped managed containerd pid {}", p.pid());
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.debug("cannot remove {}: {}", pidFile, e.toString());
        }
    }

    private static void kill(ProcessHandle p) {
        p.destroyForcibly();
        try {
            p.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // gone or not, we go on
        }
    }
}
