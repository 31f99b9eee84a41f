package io.jcri.adapters.containerd.task;

import io.grpc.Channel;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.containerd.api.services.snapshots.v1.CommitSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.Info;
import io.jcri.containerd.api.services.snapshots.v1.MountsRequest;
import io.jcri.containerd.api.services.snapshots.v1.PrepareSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.RemoveSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.SnapshotsGrpc;
import io.jcri.containerd.api.services.snapshots.v1.StatSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.ViewSnapshotRequest;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.Mount;
import io.jcri.domain.task.SnapshotInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** containerd's Snapshots service: containers' root filesystems and the views of image volumes. */
final class Snapshots {
    private final ContainerdClient client;
    private final Channel channel;

    Snapshots(ContainerdClient client, Channel channel) {
        this.client = client;
        this.channel = channel;
    }

    private SnapshotsGrpc.SnapshotsBlockingStub stub() {
        return SnapshotsGrpc.newBlockingStub(channel).withDeadlineAfter(Deadlines.SHORT_MS, TimeUnit.MILLISECONDS);
    }

    List<Mount> prepare(String snapshotter, String key, String parent, Map<String, String> labels) {
        var resp = client.callDetached(
                "Snapshots.Prepare " + snapshotter + "/" + key,
                () -> stub().prepare(PrepareSnapshotRequest.newBuilder()
                        .setSnapshotter(snapshotter)
                        .setKey(key)
                        .setParent(parent == null ? "" : parent)
                        .putAllLabels(labels)
                        .build()));
        return Protos.mounts(resp.getMountsList());
    }

    List<Mount> view(String snapshotter, String key, String parent, Map<String, String> labels) {
        var resp = client.callDetached(
                "Snapshots.View " + snapshotter + "/" + key,
                () -> stub().view(ViewSnapshotRequest.newBuilder()
                        .setSnapshotter(snapshotter)
                        .setKey(key)
                        .setParent(parent)
                        .putAllLabels(labels)
                        .build()));
        return Protos.mounts(resp.getMountsList());
    }

    List<Mount> mounts(String snapshotter, String key) {
        var resp = client.callDetached(
                "Snapshots.Mounts " + snapshotter + "/" + key,
                () -> stub().mounts(MountsRequest.newBuilder()
                        .setSnapshotter(snapshotter)
                        .setKey(key)
                        .build()));
        return Protos.mounts(resp.getMountsList());
    }

    void commit(String snapshotter, String name, String key, Map<String, String> labels) {
        client.callDetached(
                "Snapshots.Commit " + snapshotter + "/" + key + " as " + name,
                () -> stub().commit(CommitSnapshotRequest.newBuilder()
                        .setSnapshotter(snapshotter)
                        .setName(name)
                        .setKey(key)
                        .putAllLabels(labels)
                        .build()));
    }

    Optional<SnapshotInfo> stat(String snapshotter, String key) {
        try {
            Info info = client.callDetached(
                            "Snapshots.Stat " + snapshotter + "/" + key,
                            () -> stub().stat(StatSnapshotRequest.newBuilder()
                                    .setSnapshotter(snapshotter)
                                    .setKey(key)
                                    .build()))
                    .getInfo();
            return Optional.of(new SnapshotInfo(
                    info.getName(),
                    info.getParent(),
                    kind(info.getKind()),
                    info.getLabelsMap(),
                    Protos.instant(info.getCreatedAt())));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
    }

    private static SnapshotInfo.Kind kind(io.jcri.containerd.api.services.snapshots.v1.Kind k) {
        return switch (k) {
            case ACTIVE -> SnapshotInfo.Kind.ACTIVE;
            case COMMITTED -> SnapshotInfo.Kind.COMMITTED;
            case VIEW -> SnapshotInfo.Kind.VIEW;
            default -> SnapshotInfo.Kind.UNKNOWN;
        };
    }

    boolean remove(String snapshotter, String key) {
        try {
            client.callDetached(
                    "Snapshots.Remove " + snapshotter + "/" + key,
                    () -> stub().remove(RemoveSnapshotRequest.newBuilder()
                            .setSnapshotter(snapshotter)
                            .setKey(key)
                            .build()));
            return true;
        } catch (JcriException.NotFound e) {
            return false;
        }
    }
}
