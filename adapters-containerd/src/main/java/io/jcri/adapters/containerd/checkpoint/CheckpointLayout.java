package io.jcri.adapters.containerd.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The files of a container checkpoint archive, as the kubelet's checkpoint API and containerd's
 * and CRI-O's restore read them, and the tar runs that pack them.
 */
final class CheckpointLayout {
    static final String CHECKPOINT_DIR = "checkpoint";
    static final String SPEC_DUMP = "spec.dump";
    static final String CONFIG_DUMP = "config.dump";
    static final String ROOTFS_DIFF = "rootfs-diff.tar";
    static final String DELETED_FILES = "deleted.files";
    static final String CONTAINER_LOG = "container.log";

    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    private CheckpointLayout() {}

    /**
     * Writes {@code rootfs-diff.tar} (what the container added or changed: the overlay's upper
     * directory without its whiteouts) and {@code deleted.files} (a JSON list of the paths the
     * whiteouts hide) into {@code staging}.
     */
    static void rootfsDiff(Path upper, Path staging, Duration timeout) throws IOException {
        List<String> kept = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        try (Stream<Path> all = Files.walk(upper)) {
            for (Path p : all.filter(p -> !p.equals(upper)).toList()) {
                String rel = upper.relativize(p).toString();
                if (whiteout(p)) {
                    deleted.add("/" + rel);
                } else {
                    kept.add(rel);
                }
            }
        }
        Path list = Files.createTempFile(staging.getParent(), ".rootfs-diff", ".list");
        try {
            Files.writeString(list, String.join("\0", kept) + (kept.isEmpty() ? "" : "\0"), StandardCharsets.UTF_8);
            run(
                    timeout,
                    "tar",
                    "--create",
                    "--file",
                    staging.resolve(ROOTFS_DIFF).toString(),
                    "--directory",
                    upper.toString(),
                    "--numeric-owner",
                    "--xattrs",
                    "--no-recursion",
                    "--null",
                    "--files-from",
                    list.toString());
        } finally {
            Files.deleteIfExists(list);
        }
        Files.writeString(
                staging.resolve(DELETED_FILES), io.jcri.domain.json.Json.write(deleted), StandardCharsets.UTF_8);
    }

    /** An overlay whiteout: a character device 0/0. */
    static boolean whiteout(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        long rdev = (Long) a.get("rdev");
        return (mode & S_IFMT) == S_IFCHR && rdev == 0;
    }

    /** Packs the staging directory's contents, at the archive's top level, into {@code archive}. */
    static void tar(Path staging, Path archive, Duration timeout) throws IOException {
        run(
                timeout,
                "tar",
                "--create",
                "--file",
                archive.toString(),
                "--directory",
                staging.toString(),
                "--numeric-owner",
                "--xattrs",
                ".");
    }

    private static void run(Duration timeout, String... command) throws IOException {
        Path out = Files.createTempFile("jcri-tar", ".out");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(
                        String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                        + Files.readString(out, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
