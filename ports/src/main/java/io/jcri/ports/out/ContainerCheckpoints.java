package io.jcri.ports.out;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What checkpointing a container needs from the node: whether CRIU can run here, whether an
 * archive can be written at a path, and the dump of a running task into an archive.
 *
 * <p>The archive holds, at its top level: {@code checkpoint/} (CRIU's image of the processes),
 * {@code spec.dump} (the OCI spec), {@code config.dump} (the container's CRI metadata), {@code
 * rootfs-diff.tar} and {@code deleted.files} (what the container changed in its root filesystem)
 * and {@code container.log} (its CRI log so far).
 */
public interface ContainerCheckpoints {

    /**
     * What {@code criu check} said on this node; run at most once (bounded by a timeout), then
     * the same answer every time.
     */
    CriuVerdict criu();

    /**
     * Checks that an archive can be written at {@code archive} (an absolute path): its
     * directory exists and takes new files, and the path is not a directory.
     *
     * @throws io.jcri.domain.error.JcriException.InvalidArgument naming the path and the reason
     */
    void checkWritable(Path archive);

    /**
     * Dumps the running task of {@code request.containerId()} with CRIU, leaving it running, and
     * writes the archive at {@code request.archive()} (atomically: a partial archive is never
     * left there). Undoes what it wrote when it fails.
     *
     * @throws io.jcri.domain.error.JcriException.FailedPrecondition when the engine or CRIU
     *     refuses (the message says what it said)
     */
    void checkpoint(Request request);

    /** Whether CRIU can checkpoint here, and the verdict of {@code criu check} in a few lines. */
    record CriuVerdict(boolean usable, String verdict) {
        public CriuVerdict {
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /**
     * One container's checkpoint.
     *
     * @param ociSpecJson the container's OCI spec, written as {@code spec.dump}
     * @param configJson the container's CRI metadata, written as {@code config.dump}
     * @param snapshotter the snapshotter of its rootfs snapshot (its key is the container's id)
     * @param logPath its CRI log, or null when it has none
     */
    record Request(
            String containerId,
            Path archive,
            Duration timeout,
            String ociSpecJson,
            String configJson,
            String snapshotter,
            Path logPath) {
        public Request {
            Objects.requireNonNull(containerId, "containerId");
            Objects.requireNonNull(archive, "archive");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(ociSpecJson, "ociSpecJson");
            Objects.requireNonNull(configJson, "configJson");
            Objects.requireNonNull(snapshotter, "snapshotter");
        }
    }
}
