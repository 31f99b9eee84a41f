package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageFsUsage;
import io.jcri.domain.image.Platform;
import io.jcri.ports.out.ImageStore;
import java.util.List;
import java.util.Map;

/**
 * {@link ImageStore} on containerd: content service writes (by ref {@code jcri-<digest>}, so an
 * interrupted download resumes), leases (with a 24h expiry in case jcri dies mid-pull; a failed
 * pull's downloads are moved to a 1h lease for the next attempt), the diff
 * service's Apply into snapshots named by chain IDs, the images service, and snapshot usage.
 * Each concern has its own class; this one puts them together behind the port.
 */
final class ContainerdImageStore implements ImageStore {
    private final String snapshotter;
    private final ContainerdLeases leases;
    private final ContainerdContent content;
    private final ContainerdClient client;
    private final LayerUnpacker unpacker;
    /** Unpackers of runtime handlers' other snapshotters, made on first use. */
    private final Map<String, LayerUnpacker> others = new java.util.concurrent.ConcurrentHashMap<>();

    private final ImageRecords records;
    private final SnapshotUsage usage;

    ContainerdImageStore(ContainerdClient client, String snapshotter, Platform platform) {
        this.snapshotter = snapshotter;
        this.client = client;
        this.leases = new ContainerdLeases(client);
        this.content = new ContainerdContent(client, leases);
        this.unpacker = new LayerUnpacker(client, snapshotter, leases);
        this.records = new ImageRecords(client, new ImageDescriber(content, platform));
        this.usage = new SnapshotUsage(client, snapshotter);
    }

    @Override
    public String snapshotter() {
        return snapshotter;
    }

    @Override
    public Lease lease(String purpose) {
        return leases.open(purpose);
    }

    @Override
    public boolean hasContent(String digest) {
        return content.has(digest);
    }

    @Override
    public boolean holdContent(Lease lease, String digest) {
        return content.hold(lease, digest);
    }

    @Override
    public ContentIngest ingest(Lease lease, Descriptor blob, Map<String, String> labels) {
        return content.ingest(lease, blob, labels);
    }

    @Override
    public void putContent(Lease lease, Descriptor blob, byte[] bytes, Map<String, String> labels) {
        content.put(lease, blob, bytes, labels);
    }

    @Override
    public void unpack(Lease lease, List<Descriptor> layers, List<String> diffIds) {
        unpacker.unpack(lease, layers, diffIds);
    }

    @Override
    public void unpack(Lease lease, String into, List<Descriptor> layers, List<String> diffIds) {
        unpacker(into).unpack(lease, layers, diffIds);
    }

    @Override
    public boolean unpacked(String into, String chainId) {
        return chainId.isEmpty() || unpacker(into).snapshotExists(chainId);
    }

    private LayerUnpacker unpacker(String into) {
        return into.equals(snapshotter)
                ? unpacker
                : others.computeIfAbsent(into, s -> new LayerUnpacker(client, s, leases));
    }

    @Override
    public void putImage(String name, Descriptor target, Map<String, String> labels) {
        records.put(name, target, labels);
    }

    @Override
    public List<StoredImage> images() {
        return records.list();
    }

    @Override
    public void deleteImage(String name, boolean collect) {
        records.delete(name, collect);
    }

    @Override
    public List<ImageFsUsage> usage() {
        return usage.usage();
    }

    @Override
    public List<ImageFsUsage> containerUsage() {
        return usage.containerUsage();
    }
}
