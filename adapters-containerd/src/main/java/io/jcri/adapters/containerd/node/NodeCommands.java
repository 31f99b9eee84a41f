package io.jcri.adapters.containerd.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The node's own tools (util-linux mount and umount) and its mount table, for the node-local adapters. */
public final class NodeCommands {
    private static final long TIMEOUT_SECONDS = 30;

    private NodeCommands() {}

    /** Runs {@code command} in {@code cwd} (null: jcri's), failing with its output when it fails. */
    public static void run(@Nullable Path cwd, String... command) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        if (cwd != null) {
            b.directory(cwd.toFile());
        }
        Process p = b.start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Whether something is mounted on {@code path} (per /proc/self/mountinfo). */
    public static boolean isMountPoint(Path path) throws IOException {
        String target = path.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && unescape(f[4]).equals(target)) {
                return true;
            }
        }
        return false;
    }

    /** A mountinfo path with its octal escapes (space, tab, newline, backslash) undone. */
    static String unescape(String mountinfoPath) {
        return mountinfoPath
                .replace("\\040", " ")
                .replace("\\011", "\t")
                .replace("\\012", "\n")
                .replace("\\134", "\\");
    }
}
