package io.jcri.adapters.containerd.checkpoint;

import io.jcri.ports.out.ContainerCheckpoints.CriuVerdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code criu check}, run once (at the first question, bounded by a timeout) and remembered: its
 * verdict is the first error lines it printed, or its last line when it found nothing wrong.
 */
public final class CriuCheck implements Supplier<CriuVerdict> {
    static final int VERDICT_LINES = 4;

    private final List<String> command;
    private final Duration timeout;
    private volatile CriuVerdict verdict;

    /** @param command the check to run, such as {@code [/usr/sbin/criu, check]} */
    CriuCheck(List<String> command, Duration timeout) {
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    /** {@code criu check} with the criu found on PATH or in the sbin directories, within 10 s. */
    public static CriuCheck onThisNode() {
        return find(System.getenv("PATH"))
                .map(p -> new CriuCheck(List.of(p.toString(), "check"), Duration.ofSeconds(10)))
                .orElseGet(() -> new CriuCheck(List.of(), Duration.ZERO));
    }

    static java.util.Optional<Path> find(String pathVariable) {
        Set<String> dirs = new LinkedHashSet<>();
        if (pathVariable != null) {
            dirs.addAll(List.of(pathVariable.split(":")));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
        return dirs.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "criu"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    @Override
    public CriuVerdict get() {
        CriuVerdict v = verdict;
        if (v == null) {
            synchronized (this) {
                v = verdict;
                if (v == null) {
                    v = run();
                    verdict = v;
                }
            }
        }
        return v;
    }

    private CriuVerdict run() {
        if (command.isEmpty()) {
            return new CriuVerdict(
                    false,
                    "criu is not installed (no criu on PATH, nor in /usr/local/sbin, /usr/sbin,"
                            + " /sbin); install Debian's criu package");
        }
        String shown = String.join(" ", command);
        try {
            Path out = Files.createTempFile("jcri-criu-check", ".out");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    return new CriuVerdict(
                            false, "`" + shown + "` did not finish within " + timeout.toSeconds() + " s");
                }
                return verdict(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new CriuVerdict(false, "`" + shown + "` could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CriuVerdict(false, "`" + shown + "` was interrupted");
        }
    }

    /** The verdict from the check's exit code and output. */
    static CriuVerdict verdict(int exitCode, String output) {
        List<String> lines =
                output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (exitCode == 0) {
            return new CriuVerdict(true, lines.isEmpty() ? "Looks good." : lines.get(lines.size() - 1));
        }
        List<String> errors = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("Error") && errors.size() < VERDICT_LINES) {
                errors.add(l);
            }
        }
        List<String> shown = errors.isEmpty() ? lines.subList(0, Math.min(VERDICT_LINES, lines.size())) : errors;
        String text = shown.isEmpty() ? "(no output)" : String.join("; ", shown);
        return new CriuVerdict(false, text + " (criu check exited " + exitCode + ")");
    }
}
