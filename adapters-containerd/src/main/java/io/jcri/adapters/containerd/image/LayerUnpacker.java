package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.client.Diff;
import io.jcri.adapters.containerd.client.Snapshots;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.ChainIds;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.task.Mount;
import io.jcri.ports.out.ImageStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Unpacks layers into snapshots named by chain IDs: prepare, the diff service's Apply, commit. */
final class LayerUnpacker {
    private static final Logger log = LoggerFactory.getLogger(LayerUnpacker.class);

    private final Snapshots snapshots;
    private final Diff diff;
    private final String snapshotter;
    private final ContainerdLeases leases;

    /** The services one unpack calls, each sending the unpack's lease. */
    private record Leased(Snapshots snapshots, Diff diff) {}

    LayerUnpacker(Snapshots snapshots, Diff diff, String snapshotter, ContainerdLeases leases) {
        this.snapshots = snapshots;
        this.diff = diff;
        this.snapshotter = snapshotter;
        this.leases = leases;
    }

    /** Unpacks each layer not unpacked yet; those that are get added to {@code lease}. */
    void unpack(ImageStore.PullLease lease, List<Descriptor> layers, List<String> diffIds) {
        List<String> chain = ChainIds.of(diffIds);
        Leased services = new Leased(snapshots.leased(lease.id()), diff.leased(lease.id()));
        for (int i = 0; i < layers.size(); i++) {
            String chainId = chain.get(i);
            if (!held(lease, chainId)) {
                String parent = i == 0 ? "" : chain.get(i - 1);
                unpackLayer(services, layers.get(i), diffIds.get(i), parent, chainId);
            }
        }
    }

    /** Whether snapshot {@code chainId} exists and is now held by {@code lease}. */
    private boolean held(ImageStore.PullLease lease, String chainId) {
        if (!snapshotExists(chainId)) {
            return false;
        }
        leases.add(lease, "snapshots/" + snapshotter, chainId);
        // it may have been removed between the check and the lease
        return snapshotExists(chainId);
    }

    private void unpackLayer(Leased services, Descriptor layer, String diffId, String parent, String chainId) {
        String key = "jcri-extract-" + UUID.randomUUID() + " " + chainId;
        List<Mount> mounts = services.snapshots().prepare(snapshotter, key, parent, Map.of());
        boolean committed = false;
        try {
            apply(services, layer, diffId, mounts);
            committed = commit(services, key, chainId);
        } finally {
            if (!committed) {
                remove(services, key);
            }
        }
    }

    /** Applies {@code layer} onto {@code mounts}, checking that it unpacks to {@code diffId}. */
    private void apply(Leased services, Descriptor layer, String diffId, List<Mount> mounts) {
        String got = services.diff().apply(layer, mounts);
        if (!got.equals(diffId)) {
            throw new JcriException.InvalidArgument(
                    "layer " + layer.digest() + " unpacks to diff ID " + got + " but the image config says " + diffId);
        }
    }

    /** Commits {@code key} as {@code chainId}; false when another pull committed it first. */
    private boolean commit(Leased services, String key, String chainId) {
        try {
            services.snapshots().commit(snapshotter, chainId, key, Map.of());
            return true;
        } catch (JcriException.AlreadyExists e) {
            // unpacked at the same time by another pull
            return false;
        }
    }

    private void remove(Leased services, String key) {
        try {
            services.snapshots().remove(snapshotter, key);
        } catch (JcriException e) {
            log.warn("snapshot {} not removed after a failed unpack: {}", key, e.getMessage());
        }
    }

    boolean snapshotExists(String key) {
        return snapshots.stat(snapshotter, key).isPresent();
    }
}
