package io.jcri.adapters.containerd.shim;

import io.jcri.adapters.containerd.node.NodeCommands;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.ShimProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ShimProcesses} from {@code /proc}: a shim server is a process whose program is a {@code
 * containerd-shim-*} binary, run with {@code -namespace <ns> -id <id> -address <engine socket>}
 * and no action; only those of jcri's namespace and engine socket count. Ending one runs the
 * same binary's {@code delete} ({@code -namespace -address -id -bundle <bundle> delete}, in the
 * bundle, which is {@code <engine state>/io.containerd.runtime.v2.task/<ns>/<id>}: runc's
 * {@code delete --force} of the task and the unmount of its rootfs), then SIGKILLs the shim server
 * (its pid checked again first). The engine's state directory is only read, and only under jcri's
 * namespace.
 */
final class ProcShimProcesses implements ShimProcesses {
    private static final Logger log = LoggerFactory.getLogger(ProcShimProcesses.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern PID = Pattern.compile("\\d+");
    static final String TASK_STATE = "io.containerd.runtime.v2.task";

    /** One shim server process. */
    record Shim(long pid, String id, String program, String address) {}

    private final Path proc;
    private final Path engineState;
    private final String namespace;
    private final Path engineSocket;

    ProcShimProcesses(Path proc, Path engineState, String namespace, Path engineSocket) {
        this.proc = proc;
        this.engineState = engineState;
        this.namespace = namespace;
        this.engineSocket = engineSocket.toAbsolutePath().normalize();
    }

    @Override
    public Set<String> running() {
        return scan().keySet();
    }

    /** The shim servers of jcri's namespace and engine, by task id. */
    Map<String, Shim> scan() {
        Map<String, Shim> out = new HashMap<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(
                proc, p -> PID.matcher(p.getFileName().toString()).matches())) {
            for (Path p : pids) {
                shim(p).ifPresent(s -> out.put(s.id(), s));
            }
        } catch (IOException e) {
            throw new JcriException.Internal("cannot list the processes in " + proc + ": " + e.getMessage(), e);
        }
        return out;
    }

    private Optional<Shim> shim(Path pidDir) {
        List<String> argv;
        try {
            argv = split(Files.readAllBytes(pidDir.resolve("cmdline")));
        } catch (IOException e) {
            return Optional.empty(); // gone, or not ours to read
        }
        if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().startsWith("containerd-shim")) {
            return Optional.empty();
        }
        Map<String, String> flags = new HashMap<>();
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (!a.startsWith("-")) {
                return Optional.empty(); // an action (start, delete): not a server
            }
            String name = a.replaceFirst("^--?", "");
            int eq = name.indexOf('=');
            if (eq >= 0) {
                flags.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (!name.equals("debug") && i + 1 < argv.size()) {
                flags.put(name, argv.get(++i));
            }
        }
        String id = flags.getOrDefault("id", "");
        String address = flags.getOrDefault("address", "");
        if (!namespace.equals(flags.get("namespace")) || !ID.matcher(id).matches() || !ours(address)) {
            return Optional.empty();
        }
        return Optional.of(new Shim(Long.parseLong(pidDir.getFileName().toString()), id, argv.get(0), address));
    }

    private boolean ours(String address) {
        String path = address.startsWith("unix://") ? address.substring("unix://".length()) : address;
        return !path.isEmpty() && Path.of(path).toAbsolutePath().normalize().equals(engineSocket);
    }

    private static List<String> split(byte[] cmdline) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                out.add(new String(cmdline, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < cmdline.length) {
            out.add(new String(cmdline, start, cmdline.length - start, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void end(String id) {
        Shim s = scan().get(id);
        if (s == null) {
            return;
        }
        Path bundle = engineState.resolve(TASK_STATE).resolve(namespace).resolve(id);
        if (Files.isDirectory(bundle)) {
            try {
                NodeCommands.run(
                        bundle,
                        program(s),
                        "-namespace",
                        namespace,
                        "-address",
                        s.address(),
                        "-id",
                        id,
                        "-bundle",
                        bundle.toString(),
                        "delete");
            } catch (IOException e) {
                log.warn(
                        "the shim's delete of task {} failed (its process is ended all the same): {}",
                        id,
                        e.getMessage());
            }
        }
        kill(s);
    }

    /** The shim's own binary (what it runs from), else its argv[0]. */
    private String program(Shim s) {
        try {
            String exe = Files.readSymbolicLink(
                            proc.resolve(Long.toString(s.pid())).resolve("exe"))
                    .toString();
            return exe.endsWith(" (deleted)") ? s.program() : exe;
        } catch (IOException | UnsupportedOperationException e) {
            return s.program();
        }
    }

    private void kill(Shim s) {
        Shim now = scan().get(s.id());
        if (now == null || now.pid() != s.pid()) {
            return; // it exited (its delete may end it), or another took its place
        }
        Optional<ProcessHandle> h = ProcessHandle.of(s.pid());
        if (h.isEmpty()) {
            return;
        }
        h.get().destroyForcibly();
        try {
            h.get().onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // checked below
        }
        if (h.get().isAlive()) {
            throw new JcriException.Internal(
                    "the shim of task " + s.id() + " (pid " + s.pid() + ") still runs after SIGKILL");
        }
        log.info("ended shim pid {} of task {}, which the engine no longer knew", s.pid(), s.id());
    }
}
