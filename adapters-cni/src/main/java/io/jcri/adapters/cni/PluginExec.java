package io.jcri.adapters.cni;

import com.sun.jna.LastErrorException;
import io.jcri.domain.container.Signals;
import io.jcri.domain.error.JcriException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one CNI plugin binary the way the spec says: the operation's variables in the
 * environment, the configuration on stdin, the answer on stdout. The plugin runs in a session of
 * its own (through {@code setsid}) so that on a timeout the plugin and everything it started are
 * killed together; a plugin is never left running.
 */
final class PluginExec {
    private static final Logger log = LoggerFactory.getLogger(PluginExec.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final int MAX_OUTPUT = 4 * 1024 * 1024;

    private final List<Path> binDirs;
    private final Duration timeout;
    private final ExecutorService io;

    PluginExec(List<Path> binDirs, Duration timeout, ExecutorService io) {
        this.binDirs = List.copyOf(binDirs);
        this.timeout = timeout;
        this.io = io;
    }

    /** What one invocation is: who runs, for which sandbox, what it says in errors. */
    record Invocation(
            String command, String containerId, String netns, String ifName, String cniArgs, String network) {}

    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** A plugin's whole environment: PATH (jcri's, else the default) and the spec's CNI_ variables. */
    static Map<String, String> environment(String path, Invocation inv, String cniPath) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("PATH", path == null || path.isBlank() ? DEFAULT_PATH : path);
        env.put("CNI_COMMAND", inv.command());
        env.put("CNI_CONTAINERID", inv.containerId());
        env.put("CNI_NETNS", inv.netns());
        env.put("CNI_IFNAME", inv.ifName());
        env.put("CNI_ARGS", inv.cniArgs());
        env.put("CNI_PATH", cniPath);
        return env;
    }

    /** {@link #run} on the plugin I/O threads, beside the caller's own work. */
    Future<String> start(String type, Invocation inv, String stdin) {
        return io.submit(() -> run(type, inv, stdin));
    }

    /** Runs the plugin and returns its stdout; a failure or a timeout names the plugin and says why. */
    String run(String type, Invocation inv, String stdin) {
        long started = System.nanoTime();
        try {
            return exec(type, inv, stdin);
        } finally {
            if (log.isDebugEnabled()) {
                log.debug(
                        "CNI {} {} for {} in {}us",
                        type,
                        inv.command(),
                        inv.containerId(),
                        (System.nanoTime() - started) / 1000);
            }
        }
    }

    private String exec(String type, Invocation inv, String stdin) {
        Path binary = find(type);
        String what = "CNI plugin \"" + type + "\" (network \"" + inv.network() + "\") " + inv.command()
                + " for sandbox " + inv.containerId();
        if (binary == null) {
            throw new JcriException.FailedPrecondition(what + ": plugin not found in " + cniPath());
        }
        List<String> argv = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            argv.add(SETSID.toString());
        }
        argv.add(binary.toString());
        ProcessBuilder pb = new ProcessBuilder(argv).directory(Path.of("/").toFile());
        Map<String, String> env = pb.environment();
        env.clear(); // nothing of jcri's own environment (an admin token, say) reaches a plugin
        env.putAll(environment(System.getenv("PATH"), inv, cniPath()));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new JcriException.Internal(what + ": cannot start " + binary + ": " + e.getMessage(), e);
        }
        Future<?> writer = io.submit(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            return null;
        });
        Future<byte[]> out = io.submit(() -> readAll(process.getInputStream()));
        Future<byte[]> err = io.submit(() -> readAll(process.getErrorStream()));
        int exit;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new JcriException.DeadlineExceeded(
                        what + ": no answer within " + timeout.toSeconds() + "s; the plugin was killed");
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new JcriException.Internal(what + ": interrupted; the plugin was killed");
        }
        // Whatever the plugin started and left running goes with its session.
        killSession(process);
        String stdout = text(collect(out, process));
        String stderr = text(collect(err, process));
        writer.cancel(true);
        if (exit != 0) {
            throw new JcriException.Internal(what + " failed: " + describeError(exit, stdout, stderr));
        }
        return stdout;
    }

    private byte[] collect(Future<byte[]> stream, Process process) {
        try {
            return stream.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            kill(process);
            try {
                return stream.get(5, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException again) {
                stream.cancel(true);
                return new byte[0];
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new byte[0];
        } catch (ExecutionException e) {
            return new byte[0];
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The plugin's own error (a CNI error object on stdout) or, failing that, what it printed. */
    static String describeError(int exit, String stdout, String stderr) {
        try {
            JsonNode node = JSON.readTree(stdout);
            if (node != null && node.isObject() && node.has("msg")) {
                StringBuilder sb = new StringBuilder(node.get("msg").asString());
                JsonNode details = node.get("details");
                if (details != null && details.isString() && !details.asString().isBlank()) {
                    sb.append(": ").append(details.asString());
                }
                JsonNode code = node.get("code");
                if (code != null && code.isNumber()) {
                    sb.append(" (CNI error code ").append(code.asInt()).append(')');
                }
                return sb.toString();
            }
        } catch (RuntimeException notJson) {
            // fall through to the raw output
        }
        String printed = (stderr.isBlank() ? stdout : stderr).strip();
        if (printed.length() > 2000) {
            printed = printed.substring(0, 2000) + "...";
        }
        return "exit status " + exit + (printed.isEmpty() ? " and no output" : ": " + printed);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (buf.size() < MAX_OUTPUT) {
                    buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
                }
            }
            return buf.toByteArray();
        }
    }

    /** Kills the plugin's whole session (it is the session and group leader), then anything left. */
    static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        killSession(process);
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the process group the plugin leads. Safe after the plugin exited too: Linux does not
     * hand out a pid again while a process group of that id has members.
     */
    private static void killSession(Process process) {
        try {
            LibC.get().kill((int) -process.pid(), Signals.SIGKILL);
        } catch (LastErrorException e) {
            // ESRCH: nothing left in the group
        }
    }

    Path find(String type) {
        if (type.isEmpty() || type.contains("/")) {
            return null;
        }
        for (Path dir : binDirs) {
            Path candidate = dir.resolve(type);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    String cniPath() {
        return String.join(":", binDirs.stream().map(Path::toString).toList());
    }
}
