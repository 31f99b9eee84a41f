package io.jcri.adapters.containerd.checkpoint;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.Mount;
import io.jcri.ports.out.ContainerCheckpoints;
import io.jcri.ports.out.ContainerRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Checkpoints on this node: CRIU's verdict, the location check, and the archive written around
 * the task's dump. The archive is built in a staging directory beside the location, packed with
 * tar into a hidden file there and renamed onto the location, so it appears whole or not at all;
 * the staging directory is removed in every case.
 */
public final class NodeContainerCheckpoints implements ContainerCheckpoints {

    /** Dumps a task's processes into an image directory (containerd's Tasks.Checkpoint). */
    @FunctionalInterface
    public interface TaskDump {
        void dump(String containerId, Path imageDir, Path workDir, Duration timeout);
    }

    private final Supplier<CriuVerdict> criu;
    private final TaskDump tasks;
    private final ContainerRuntime runtime;

    public NodeContainerCheckpoints(Supplier<CriuVerdict> criu, TaskDump tasks, ContainerRuntime runtime) {
        this.criu = criu;
        this.tasks = tasks;
        this.runtime = runtime;
    }

    @Override
    public CriuVerdict criu() {
        return criu.get();
    }

    @Override
    public void checkWritable(Path archive) {
        String where = "checkpoint location " + archive;
        if (Files.isDirectory(archive)) {
            throw new JcriException.InvalidArgument(where + " is a directory; name the archive file to write");
        }
        if (Files.isSymbolicLink(archive)) {
            throw new JcriException.InvalidArgument(where + " is a symbolic link; jcri does not write through one");
        }
        Path dir = archive.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new JcriException.InvalidArgument(where + ": the directory " + dir + " does not exist");
        }
        try {
            Path probe = Files.createTempFile(dir, ".jcri-checkpoint-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new JcriException.InvalidArgument(
                    where + ": the directory " + dir + " takes no new file (" + reason(e) + ")");
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            m = f.getReason();
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    @Override
    public void checkpoint(Request request) {
        Path archive = request.archive();
        Path staging = null;
        Path work = null;
        Path packed = null;
        try {
            staging = Files.createTempDirectory(archive.getParent(), "." + archive.getFileName() + ".staging-");
            work = Files.createTempDirectory(archive.getParent(), "." + archive.getFileName() + ".work-");
            Path image = Files.createDirectory(staging.resolve(CheckpointLayout.CHECKPOINT_DIR));
            tasks.dump(request.containerId(), image, work, request.timeout());
            writeAround(request, staging);
            packed = Files.createTempFile(archive.getParent(), "." + archive.getFileName() + ".", ".tmp");
            CheckpointLayout.tar(staging, packed, request.timeout());
            Files.move(packed, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            packed = null;
        } catch (IOException e) {
            throw new JcriException.Internal(
                    "CheckpointContainer of container " + request.containerId() + ": writing " + archive + ": "
                            + reason(e),
                    e);
        } finally {
            removeQuietly(staging);
            removeQuietly(work);
            removeQuietly(packed);
        }
    }

    /** What goes beside CRIU's images: spec, config, rootfs diff, log. */
    private void writeAround(Request request, Path staging) throws IOException {
        Files.writeString(staging.resolve(CheckpointLayout.SPEC_DUMP), request.ociSpecJson(), StandardCharsets.UTF_8);
        Files.writeString(staging.resolve(CheckpointLayout.CONFIG_DUMP), request.configJson(), StandardCharsets.UTF_8);
        Optional<Path> upper = upperDir(request);
        if (upper.isPresent()) {
            CheckpointLayout.rootfsDiff(upper.get(), staging, request.timeout());
        }
        Path log = request.logPath();
        if (log != null && Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(log, staging.resolve(CheckpointLayout.CONTAINER_LOG), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** The writable layer of the container's overlay rootfs, if it has one. */
    private Optional<Path> upperDir(Request request) {
        List<Mount> mounts = runtime.snapshotMounts(request.snapshotter(), request.containerId());
        return mounts.stream()
                .filter(m -> m.type().equals("overlay"))
                .flatMap(m -> m.options().stream())
                .filter(o -> o.startsWith("upperdir="))
                .map(o -> Path.of(o.substring("upperdir=".length())))
                .findFirst();
    }

    static void removeQuietly(Path p) {
        if (p == null || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a leftover hidden staging file is harmless and named after the archive
        }
    }
}
