package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.containerd.api.services.diff.v1.ApplyRequest;
import io.jcri.containerd.api.services.diff.v1.DiffGrpc;
import io.jcri.containerd.api.services.snapshots.v1.CommitSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.PrepareSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.RemoveSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.SnapshotsGrpc;
import io.jcri.containerd.api.services.snapshots.v1.StatSnapshotRequest;
import io.jcri.containerd.api.types.Mount;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.ChainIds;
import io.jcri.domain.image.Descriptor;
import io.jcri.ports.out.ImageStore;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Unpacks layers into snapshots named by chain IDs: prepare, the diff service's Apply, commit. */
final class LayerUnpacker {
    private static final Logger log = LoggerFactory.getLogger(LayerUnpacker.class);

    private final ContainerdClient client;
    private final String snapshotter;
    private final ContainerdLeases leases;

    /** The services one unpack calls, each sending the unpack's lease. */
    private record Leased(SnapshotsGrpc.SnapshotsBlockingStub snapshots, DiffGrpc.DiffBlockingStub diff) {}

    LayerUnpacker(ContainerdClient client, String snapshotter, ContainerdLeases leases) {
        this.client = client;
        this.snapshotter = snapshotter;
        this.leases = leases;
    }

    /** Unpacks each layer not unpacked yet; those that are get added to {@code lease}. */
    void unpack(ImageStore.Lease lease, List<Descriptor> layers, List<String> diffIds) {
        List<String> chain = ChainIds.of(diffIds);
        Leased stubs = new Leased(
                SnapshotsGrpc.newBlockingStub(client.channel()).withInterceptors(ContainerdLeases.leased(lease)),
                DiffGrpc.newBlockingStub(client.channel()).withInterceptors(ContainerdLeases.leased(lease)));
        for (int i = 0; i < layers.size(); i++) {
            String chainId = chain.get(i);
            if (!held(lease, chainId)) {
                String parent = i == 0 ? "" : chain.get(i - 1);
                unpackLayer(stubs, layers.get(i), diffIds.get(i), parent, chainId);
            }
        }
    }

    /** Whether snapshot {@code chainId} exists and is now held by {@code lease}. */
    private boolean held(ImageStore.Lease lease, String chainId) {
        if (!snapshotExists(chainId)) {
            return false;
        }
        leases.add(lease, "snapshots/" + snapshotter, chainId);
        // it may have been removed between the check and the lease
        return snapshotExists(chainId);
    }

    private void unpackLayer(Leased stubs, Descriptor layer, String diffId, String parent, String chainId) {
        String key = "jcri-extract-" + UUID.randomUUID() + " " + chainId;
        List<Mount> mounts = client.call(
                        "snapshot prepare for layer " + layer.digest(),
                        () -> stubs.snapshots()
                                .prepare(PrepareSnapshotRequest.newBuilder()
                                        .setSnapshotter(snapshotter)
                                        .setKey(key)
                                        .setParent(parent)
                                        .build()))
                .getMountsList();
        boolean committed = false;
        try {
            apply(stubs, layer, diffId, mounts);
            committed = commit(stubs, key, chainId);
        } finally {
            if (!committed) {
                remove(stubs, key);
            }
        }
    }

    /** Applies {@code layer} onto {@code mounts}, checking that it unpacks to {@code diffId}. */
    private void apply(Leased stubs, Descriptor layer, String diffId, List<Mount> mounts) {
        var applied = client.call(
                "diff apply of layer " + layer.digest(),
                () -> stubs.diff()
                        .apply(ApplyRequest.newBuilder()
                                .setDiff(io.jcri.containerd.api.types.Descriptor.newBuilder()
                                        .setMediaType(layer.mediaType())
                                        .setDigest(layer.digest())
                                        .setSize(layer.size()))
                                .addAllMounts(mounts)
                                .build()));
        String got = applied.getApplied().getDigest();
        if (!got.equals(diffId)) {
            throw new JcriException.InvalidArgument(
                    "layer " + layer.digest() + " unpacks to diff ID " + got + " but the image config says " + diffId);
        }
    }

    /** Commits {@code key} as {@code chainId}; false when another pull committed it first. */
    private boolean commit(Leased stubs, String key, String chainId) {
        try {
            client.call(
                    "snapshot commit " + chainId,
                    () -> stubs.snapshots()
                            .commit(CommitSnapshotRequest.newBuilder()
                                    .setSnapshotter(snapshotter)
                                    .setName(chainId)
                                    .setKey(key)
                                    .build()));
            return true;
        } catch (JcriException.AlreadyExists e) {
            // unpacked at the same time by another pull
            return false;
        }
    }

    private void remove(Leased stubs, String key) {
        try {
            client.call(
                    "snapshot remove " + key,
                    () -> stubs.snapshots()
                            .remove(RemoveSnapshotRequest.newBuilder()
                                    .setSnapshotter(snapshotter)
                                    .setKey(key)
                                    .build()));
        } catch (JcriException e) {
            log.warn("snapshot {} not removed after a failed unpack: {}", key, e.getMessage());
        }
    }

    boolean snapshotExists(String key) {
        try {
            client.call(
                    "snapshot stat " + key,
                    () -> SnapshotsGrpc.newBlockingStub(client.channel())
                            .stat(StatSnapshotRequest.newBuilder()
                                    .setSnapshotter(snapshotter)
                                    .setKey(key)
                                    .build()));
            return true;
        } catch (JcriException.NotFound e) {
            return false;
        }
    }
}
