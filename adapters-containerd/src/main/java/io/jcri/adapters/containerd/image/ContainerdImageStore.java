package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.containerd.client.Content;
import io.jcri.adapters.containerd.client.Diff;
import io.jcri.adapters.containerd.client.Images;
import io.jcri.adapters.containerd.client.Introspection;
import io.jcri.adapters.containerd.client.Leases;
import io.jcri.adapters.containerd.client.Snapshots;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageFsUsage;
import io.jcri.domain.image.Platform;
import io.jcri.ports.out.EventSubscription;
import io.jcri.ports.out.ImageRecordListener;
import io.jcri.ports.out.ImageStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link ImageStore} on containerd, through the client package's one class per service (so every
 * call has its deadline and is timed under containerd's method name): content service writes (by ref {@code jcri-<digest>}, so an
 * interrupted download resumes), leases (with a 24h expiry in case jcri dies mid-pull; a failed
 * pull's downloads are moved to a 1h lease for the next attempt), the diff
 * service's Apply into snapshots named by chain IDs, the images service (and its events, through
 * the watcher it is given), and snapshot usage.
 * Each concern has its own class; this one puts them together behind the port.
 */
final class ContainerdImageStore implements ImageStore {
    private final String snapshotter;
    private final ContainerdLeases leases;
    private final ContainerdContent content;
    private final Snapshots snapshots;
    private final Diff diff;
    private final LayerUnpacker unpacker;
    /** Unpackers of runtime handlers' other snapshotters, made on first use. */
    private final Map<String, LayerUnpacker> others = new java.util.concurrent.ConcurrentHashMap<>();

    private final ImageRecords records;
    private final SnapshotUsage usage;
    private final Function<ImageRecordListener, EventSubscription> watcher;

    /** @param watcher subscribes to containerd's image events; null for none */
    ContainerdImageStore(
            ContainerdClient client,
            String snapshotter,
            Platform platform,
            Function<ImageRecordListener, EventSubscription> watcher) {
        this.snapshotter = snapshotter;
        this.watcher = watcher;
        this.snapshots = new Snapshots(client);
        this.diff = new Diff(client);
        this.leases = new ContainerdLeases(new Leases(client));
        this.content = new ContainerdContent(new Content(client), leases);
        this.unpacker = new LayerUnpacker(snapshots, diff, snapshotter, leases);
        this.records = new ImageRecords(new Images(client), new ImageDescriber(content, platform));
        this.usage = new SnapshotUsage(
                snapshots,
                new Introspection(client),
                snapshotter,
                client.socket().toString());
    }

    @Override
    public String snapshotter() {
        return snapshotter;
    }

    @Override
    public PullLease lease(String purpose) {
        return leases.open(purpose);
    }

    @Override
    public boolean hasContent(String digest) {
        return content.has(digest);
    }

    @Override
    public boolean holdContent(PullLease lease, String digest) {
        return content.hold(lease, digest);
    }

    @Override
    public ContentIngest ingest(PullLease lease, Descriptor blob, Map<String, String> labels) {
        return content.ingest(lease, blob, labels);
    }

    @Override
    public void putContent(PullLease lease, Descriptor blob, byte[] bytes, Map<String, String> labels) {
        content.put(lease, blob, bytes, labels);
    }

    @Override
    public void unpack(PullLease lease, List<Descriptor> layers, List<String> diffIds) {
        unpacker.unpack(lease, layers, diffIds);
    }

    @Override
    public void unpack(PullLease lease, String into, List<Descriptor> layers, List<String> diffIds) {
        unpacker(into).unpack(lease, layers, diffIds);
    }

    @Override
    public boolean unpacked(String into, String chainId) {
        return chainId.isEmpty() || unpacker(into).snapshotExists(chainId);
    }

    private LayerUnpacker unpacker(String into) {
        return into.equals(snapshotter)
                ? unpacker
                : others.computeIfAbsent(into, s -> new LayerUnpacker(snapshots, diff, s, leases));
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
    public Optional<StoredImage> image(String name) {
        return records.get(name);
    }

    @Override
    public EventSubscription watch(ImageRecordListener listener) {
        return watcher == null ? EventSubscription.none() : watcher.apply(listener);
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
