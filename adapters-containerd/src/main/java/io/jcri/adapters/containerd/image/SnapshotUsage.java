package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.containerd.api.services.introspection.v1.IntrospectionGrpc;
import io.jcri.containerd.api.services.introspection.v1.Plugin;
import io.jcri.containerd.api.services.introspection.v1.PluginsRequest;
import io.jcri.containerd.api.services.snapshots.v1.Kind;
import io.jcri.containerd.api.services.snapshots.v1.ListSnapshotsRequest;
import io.jcri.containerd.api.services.snapshots.v1.ListSnapshotsResponse;
import io.jcri.containerd.api.services.snapshots.v1.SnapshotsGrpc;
import io.jcri.containerd.api.services.snapshots.v1.UsageRequest;
import io.jcri.containerd.api.services.snapshots.v1.UsageResponse;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.ImageFsUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The filesystem's use for ImageFsInfo, under the snapshotter's root directory: committed
 * snapshots (image layers) are the image filesystem, active ones (containers' writable layers and
 * views) the container filesystem, which is the same filesystem.
 */
final class SnapshotUsage {
    private final ContainerdClient client;
    private final String snapshotter;
    private volatile String mountpoint;

    SnapshotUsage(ContainerdClient client, String snapshotter) {
        this.client = client;
        this.snapshotter = snapshotter;
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
        SnapshotsGrpc.SnapshotsBlockingStub stub = SnapshotsGrpc.newBlockingStub(client.channel());
        for (String key : keys(stub, active)) {
            try {
                UsageResponse u = client.call(
                        "snapshot usage " + key,
                        () -> stub.usage(UsageRequest.newBuilder()
                                .setSnapshotter(snapshotter)
                                .setKey(key)
                                .build()));
                bytes += u.getSize();
                inodes += u.getInodes();
            } catch (JcriException.NotFound e) {
                // removed meanwhile
            }
        }
        Instant now = Instant.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return List.of(new ImageFsUsage(mountpoint(), bytes, inodes, nanos));
    }

    private List<String> keys(SnapshotsGrpc.SnapshotsBlockingStub stub, boolean active) {
        List<String> keys = new ArrayList<>();
        client.call("snapshot list", () -> {
            Iterator<ListSnapshotsResponse> it = stub.list(ListSnapshotsRequest.newBuilder()
                    .setSnapshotter(snapshotter)
                    .build());
            it.forEachRemaining(r -> r.getInfoList().stream()
                    .filter(i -> (i.getKind() == Kind.COMMITTED) != active)
                    .forEach(i -> keys.add(i.getName())));
            return keys;
        });
        return keys;
    }

    /** The snapshotter's root directory, as its plugin exports it (asked once). */
    private String mountpoint() {
        String m = mountpoint;
        if (m != null) {
            return m;
        }
        var plugins = client.call(
                "plugins",
                () -> IntrospectionGrpc.newBlockingStub(client.channel())
                        .plugins(PluginsRequest.newBuilder()
                                .addFilters("type==io.containerd.snapshotter.v1,id==" + snapshotter)
                                .build()));
        for (Plugin p : plugins.getPluginsList()) {
            String root = p.getExportsMap().get("root");
            if (root != null) {
                mountpoint = root;
                return root;
            }
        }
        throw new JcriException.FailedPrecondition(
                "containerd at " + client.socket() + " has no snapshotter '" + snapshotter + "' exporting its root");
    }
}
