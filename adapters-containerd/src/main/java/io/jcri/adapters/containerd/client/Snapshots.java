package io.jcri.adapters.containerd.client;

import io.grpc.MethodDescriptor;
import io.jcri.containerd.api.services.snapshots.v1.CommitSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.Info;
import io.jcri.containerd.api.services.snapshots.v1.ListSnapshotsRequest;
import io.jcri.containerd.api.services.snapshots.v1.MountsRequest;
import io.jcri.containerd.api.services.snapshots.v1.PrepareSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.RemoveSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.SnapshotsGrpc;
import io.jcri.containerd.api.services.snapshots.v1.StatSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.UsageRequest;
import io.jcri.containerd.api.services.snapshots.v1.UsageResponse;
import io.jcri.containerd.api.services.snapshots.v1.ViewSnapshotRequest;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.Mount;
import io.jcri.domain.task.SnapshotInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * containerd's Snapshots service: containers' root filesystems, the views of image volumes and
 * the layers images unpack into. Calls that make, read or remove one snapshot are detached (see
 * {@link ContainerdClient#callDetached}); listing and usage run in the caller's context. All have
 * the metadata deadline.
 */
public final class Snapshots {
    private final Calls calls;

    public Snapshots(ContainerdClient client) {
        this(new Calls(client));
    }

    private Snapshots(Calls calls) {
        this.calls = calls;
    }

    /** The same service, its calls sending {@code leaseId}. */
    public Snapshots leased(String leaseId) {
        return new Snapshots(calls.leased(leaseId));
    }

    /** Bytes and inodes a snapshot uses. */
    public record Usage(long bytes, long inodes) {}

    private <Q, R> R detached(MethodDescriptor<Q, R> method, Q request, String object) {
        return calls.detached(method, request, calls.deadlines().metadata(), object);
    }

    /** An active snapshot {@code key} on {@code parent} (null or empty for none); its mounts. */
    public List<Mount> prepare(String snapshotter, String key, String parent, Map<String, String> labels) {
        var resp = detached(
                SnapshotsGrpc.getPrepareMethod(),
                PrepareSnapshotRequest.newBuilder()
                        .setSnapshotter(snapshotter)
                        .setKey(key)
                        .setParent(parent == null ? "" : parent)
                        .putAllLabels(labels)
                        .build(),
                snapshotter + "/" + key);
        return Protos.mounts(resp.getMountsList());
    }

    public List<Mount> view(String snapshotter, String key, String parent, Map<String, String> labels) {
        var resp = detached(
                SnapshotsGrpc.getViewMethod(),
                ViewSnapshotRequest.newBuilder()
                        .setSnapshotter(snapshotter)
                        .setKey(key)
                        .setParent(parent)
                        .putAllLabels(labels)
                        .build(),
                snapshotter + "/" + key);
        return Protos.mounts(resp.getMountsList());
    }

    public List<Mount> mounts(String snapshotter, String key) {
        var resp = detached(
                SnapshotsGrpc.getMountsMethod(),
                MountsRequest.newBuilder()
                        .setSnapshotter(snapshotter)
                        .setKey(key)
                        .build(),
                snapshotter + "/" + key);
        return Protos.mounts(resp.getMountsList());
    }

    public void commit(String snapshotter, String name, String key, Map<String, String> labels) {
        detached(
                SnapshotsGrpc.getCommitMethod(),
                CommitSnapshotRequest.newBuilder()
                        .setSnapshotter(snapshotter)
                        .setName(name)
                        .setKey(key)
                        .putAllLabels(labels)
                        .build(),
                snapshotter + "/" + key + " as " + name);
    }

    public Optional<SnapshotInfo> stat(String snapshotter, String key) {
        try {
            Info info = detached(
                            SnapshotsGrpc.getStatMethod(),
                            StatSnapshotRequest.newBuilder()
                                    .setSnapshotter(snapshotter)
                                    .setKey(key)
                                    .build(),
                            snapshotter + "/" + key)
                    .getInfo();
            return Optional.of(info(info));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
    }

    /** Every snapshot of {@code snapshotter}. */
    public List<SnapshotInfo> list(String snapshotter) {
        return calls.stream(
                SnapshotsGrpc.getListMethod(),
                ListSnapshotsRequest.newBuilder().setSnapshotter(snapshotter).build(),
                calls.deadlines().metadata(),
                snapshotter,
                it -> {
                    List<SnapshotInfo> all = new ArrayList<>();
                    it.forEachRemaining(r -> r.getInfoList().forEach(i -> all.add(info(i))));
                    return all;
                });
    }

    /** What snapshot {@code key} uses on disk; empty when it is gone. */
    public Optional<Usage> usage(String snapshotter, String key) {
        try {
            UsageResponse u = calls.unary(
                    SnapshotsGrpc.getUsageMethod(),
                    UsageRequest.newBuilder()
                            .setSnapshotter(snapshotter)
                            .setKey(key)
                            .build(),
                    calls.deadlines().metadata(),
                    snapshotter + "/" + key);
            return Optional.of(new Usage(u.getSize(), u.getInodes()));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
    }

    private static SnapshotInfo info(Info info) {
        return new SnapshotInfo(
                info.getName(),
                info.getParent(),
                kind(info.getKind()),
                info.getLabelsMap(),
                Protos.instant(info.getCreatedAt()));
    }

    private static SnapshotInfo.Kind kind(io.jcri.containerd.api.services.snapshots.v1.Kind k) {
        return switch (k) {
            case ACTIVE -> SnapshotInfo.Kind.ACTIVE;
            case COMMITTED -> SnapshotInfo.Kind.COMMITTED;
            case VIEW -> SnapshotInfo.Kind.VIEW;
            default -> SnapshotInfo.Kind.UNKNOWN;
        };
    }

    public boolean remove(String snapshotter, String key) {
        try {
            detached(
                    SnapshotsGrpc.getRemoveMethod(),
                    RemoveSnapshotRequest.newBuilder()
                            .setSnapshotter(snapshotter)
                            .setKey(key)
                            .build(),
                    snapshotter + "/" + key);
            return true;
        } catch (JcriException.NotFound e) {
            return false;
        }
    }
}
