package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.client.Introspection;
import io.jcri.adapters.containerd.client.Snapshots;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.ImageFsUsage;
import io.jcri.domain.task.SnapshotInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The filesystem's use for ImageFsInfo, under the snapshotter's root directory: committed
 * snapshots (image layers) are the image filesystem, active ones (containers' writable layers and
 * views) the container filesystem, which is the same filesystem.
 */
final class SnapshotUsage {
    private final Snapshots snapshots;
    private final Introspection introspection;
    private final String snapshotter;
    private final String socket;
    private volatile String mountpoint;

    SnapshotUsage(Snapshots snapshots, Introspection introspection, String snapshotter, String socket) {
        this.snapshots = snapshots;
        this.introspection = introspection;
        this.snapshotter = snapshotter;
        this.socket = socket;
    }

    /** Bytes and inodes of the committed snapshots, now. */
    List<ImageFsUsage> usage() {
        return usage(false);
    }

    /** Bytes and inodes of the active snapshots (containers' writable layers), now. */
    List<ImageFsUsage> containerUsage() {
        return usage(true);
    }

    private List<ImageFsUsage> usage(boolean active) {
        long bytes = 0;
        long inodes = 0;
        for (SnapshotInfo info : snapshots.list(snapshotter)) {
            if ((info.kind() == SnapshotInfo.Kind.COMMITTED) == active) {
                continue;
            }
            Optional<Snapshots.Usage> u = snapshots.usage(snapshotter, info.name());
            if (u.isPresent()) {
                bytes += u.get().bytes();
                inodes += u.get().inodes();
            }
        }
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return List.of(new ImageFsUsage(mountpoint(), bytes, inodes, nanos));
    }

    /** The snapshotter's root directory, as its plugin exports it (asked once). */
    private String mountpoint() {
        String m = mountpoint;
        if (m != null) {
            return m;
        }
        String root = introspection
                .snapshotterRoot(snapshotter)
                .orElseThrow(() -> new JcriException.FailedPrecondition(
                        "containerd at " + socket + " has no snapshotter '" + snapshotter + "' exporting its root"));
        mountpoint = root;
        return root;
    }
}
