package io.jcri.adapters.containerd.image;

import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.containerd.oci.OciDocuments;
import io.jcri.containerd.api.services.content.v1.ContentGrpc;
import io.jcri.containerd.api.services.content.v1.Info;
import io.jcri.containerd.api.services.content.v1.InfoRequest;
import io.jcri.containerd.api.services.content.v1.ReadContentRequest;
import io.jcri.containerd.api.services.content.v1.ReadContentResponse;
import io.jcri.containerd.api.services.content.v1.UpdateRequest;
import io.jcri.containerd.api.services.diff.v1.ApplyRequest;
import io.jcri.containerd.api.services.diff.v1.DiffGrpc;
import io.jcri.containerd.api.services.images.v1.CreateImageRequest;
import io.jcri.containerd.api.services.images.v1.DeleteImageRequest;
import io.jcri.containerd.api.services.images.v1.ImagesGrpc;
import io.jcri.containerd.api.services.images.v1.ListImagesRequest;
import io.jcri.containerd.api.services.images.v1.UpdateImageRequest;
import io.jcri.containerd.api.services.introspection.v1.IntrospectionGrpc;
import io.jcri.containerd.api.services.introspection.v1.Plugin;
import io.jcri.containerd.api.services.introspection.v1.PluginsRequest;
import io.jcri.containerd.api.services.leases.v1.AddResourceRequest;
import io.jcri.containerd.api.services.leases.v1.CreateRequest;
import io.jcri.containerd.api.services.leases.v1.DeleteRequest;
import io.jcri.containerd.api.services.leases.v1.LeasesGrpc;
import io.jcri.containerd.api.services.leases.v1.ListResourcesRequest;
import io.jcri.containerd.api.services.leases.v1.Resource;
import io.jcri.containerd.api.services.snapshots.v1.CommitSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.ListSnapshotsRequest;
import io.jcri.containerd.api.services.snapshots.v1.ListSnapshotsResponse;
import io.jcri.containerd.api.services.snapshots.v1.PrepareSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.PrepareSnapshotResponse;
import io.jcri.containerd.api.services.snapshots.v1.RemoveSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.SnapshotsGrpc;
import io.jcri.containerd.api.services.snapshots.v1.StatSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.UsageRequest;
import io.jcri.containerd.api.services.snapshots.v1.UsageResponse;
import io.jcri.containerd.api.types.Descriptor;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.ChainIds;
import io.jcri.domain.image.ImageConfig;
import io.jcri.domain.image.ImageFsUsage;
import io.jcri.domain.image.Platform;
import io.jcri.ports.out.ImageStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ImageStore} on containerd: content service writes (by ref {@code jcri-<digest>}, so an
 * interrupted download resumes), leases (with a 24h expiry in case jcri dies mid-pull; a failed
 * pull's downloads are moved to a 1h lease for the next attempt), the diff
 * service's Apply into snapshots named by chain IDs, the images service, and snapshot usage.
 */
final class ContainerdImageStore implements ImageStore {
    private static final Logger log = LoggerFactory.getLogger(ContainerdImageStore.class);
    static final Metadata.Key<String> LEASE_HEADER =
            Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);
    private static final int MAX_DOCUMENT = 8 << 20;
    /** A running pull's lease outlives a jcri that died mid-pull by this much at most. */
    private static final Duration RUNNING_EXPIRY = Duration.ofHours(24);
    /** What a failed pull downloaded is kept this long for the next attempt. */
    private static final Duration RETAINED_EXPIRY = Duration.ofHours(1);

    private final ContainerdClient client;
    private final String snapshotter;
    private final Platform platform;
    private final Map<String, Described> described = new ConcurrentHashMap<>();
    private volatile String mountpoint;

    /** What a record's target says: cached by target digest (content never changes). */
    private record Described(String configDigest, long size, ImageConfig config, String configJson) {}

    ContainerdImageStore(ContainerdClient client, String snapshotter, Platform platform) {
        this.client = client;
        this.snapshotter = snapshotter;
        this.platform = platform;
    }

    @Override
    public String snapshotter() {
        return snapshotter;
    }

    @Override
    public Lease lease(String purpose) {
        String id = createLease(purpose, RUNNING_EXPIRY);
        return new Lease() {
            private volatile boolean retained;

            @Override
            public String id() {
                return id;
            }

            @Override
            public void retain() {
                // Leases cannot be updated: move what this one holds to a new, shorter one.
                LeasesGrpc.LeasesBlockingStub leases = LeasesGrpc.newBlockingStub(client.channel());
                var resources = client.call(
                        "lease resources " + id,
                        () -> leases.listResources(
                                ListResourcesRequest.newBuilder().setId(id).build()));
                if (resources.getResourcesCount() == 0) {
                    return;
                }
                String keeper = createLease("retained after failed " + purpose, RETAINED_EXPIRY);
                for (Resource r : resources.getResourcesList()) {
                    client.call(
                            "lease add " + r.getType() + " " + r.getId(),
                            () -> leases.addResource(AddResourceRequest.newBuilder()
                                    .setId(keeper)
                                    .setResource(r)
                                    .build()));
                }
                retained = true;
                delete(id);
            }

            @Override
            public void close() {
                if (!retained) {
                    delete(id);
                }
            }
        };
    }

    private String createLease(String purpose, Duration expiry) {
        String id = "jcri-" + UUID.randomUUID();
        String expire =
                Instant.now().plus(expiry).truncatedTo(ChronoUnit.SECONDS).toString();
        client.call(
                "lease create for " + purpose,
                () -> LeasesGrpc.newBlockingStub(client.channel())
                        .create(CreateRequest.newBuilder()
                                .setId(id)
                                .putLabels("containerd.io/gc.expire", expire)
                                .putLabels(
                                        "io.jcri.purpose", purpose.length() > 200 ? purpose.substring(0, 200) : purpose)
                                .build()));
        return id;
    }

    private void delete(String id) {
        try {
            client.call(
                    "lease delete " + id,
                    () -> LeasesGrpc.newBlockingStub(client.channel())
                            .delete(DeleteRequest.newBuilder().setId(id).build()));
        } catch (JcriException.NotFound e) {
            // gone already
        } catch (JcriException e) {
            log.warn("lease {} not released (it expires by itself): {}", id, e.getMessage());
        }
    }

    private static io.grpc.ClientInterceptor leased(Lease lease) {
        Metadata md = new Metadata();
        md.put(LEASE_HEADER, lease.id());
        return MetadataUtils.newAttachHeadersInterceptor(md);
    }

    @Override
    public boolean hasContent(String digest) {
        return info(digest).isPresent();
    }

    private Optional<Info> info(String digest) {
        try {
            return Optional.of(client.call(
                            "content info " + digest,
                            () -> ContentGrpc.newBlockingStub(client.channel())
                                    .info(InfoRequest.newBuilder()
                                            .setDigest(digest)
                                            .build()))
                    .getInfo());
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean holdContent(Lease lease, String digest) {
        if (!hasContent(digest)) {
            return false;
        }
        addToLease(lease, "content", digest);
        // it may have been collected between the check and the lease
        return hasContent(digest);
    }

    private void addToLease(Lease lease, String type, String id) {
        client.call(
                "lease add " + type + " " + id,
                () -> LeasesGrpc.newBlockingStub(client.channel())
                        .addResource(AddResourceRequest.newBuilder()
                                .setId(lease.id())
                                .setResource(Resource.newBuilder().setId(id).setType(type))
                                .build()));
    }

    @Override
    public ContentIngest ingest(Lease lease, io.jcri.domain.image.Descriptor blob, Map<String, String> labels) {
        ContentGrpc.ContentStub stub = ContentGrpc.newStub(client.channel()).withInterceptors(leased(lease));
        return ContentWriter.open(client, stub, "jcri-" + blob.digest(), blob, labels);
    }

    @Override
    public void putContent(
            Lease lease, io.jcri.domain.image.Descriptor blob, byte[] bytes, Map<String, String> labels) {
        if (holdContent(lease, blob.digest())) {
            if (labels.isEmpty()) {
                return;
            }
            FieldMask.Builder mask = FieldMask.newBuilder();
            labels.keySet().forEach(k -> mask.addPaths("labels." + k));
            client.call(
                    "content labels of " + blob.digest(),
                    () -> ContentGrpc.newBlockingStub(client.channel())
                            .update(UpdateRequest.newBuilder()
                                    .setInfo(Info.newBuilder()
                                            .setDigest(blob.digest())
                                            .putAllLabels(labels)
                                            .build())
                                    .setUpdateMask(mask)
                                    .build()));
            return;
        }
        ContentGrpc.ContentStub stub = ContentGrpc.newStub(client.channel()).withInterceptors(leased(lease));
        try (ContentWriter w = ContentWriter.open(client, stub, "jcri-" + blob.digest(), blob, labels)) {
            w.writeAll(bytes);
        }
    }

    @Override
    public void unpack(Lease lease, List<io.jcri.domain.image.Descriptor> layers, List<String> diffIds) {
        List<String> chain = ChainIds.of(diffIds);
        SnapshotsGrpc.SnapshotsBlockingStub snapshots =
                SnapshotsGrpc.newBlockingStub(client.channel()).withInterceptors(leased(lease));
        DiffGrpc.DiffBlockingStub diff =
                DiffGrpc.newBlockingStub(client.channel()).withInterceptors(leased(lease));
        for (int i = 0; i < layers.size(); i++) {
            String chainId = chain.get(i);
            if (snapshotExists(chainId)) {
                addToLease(lease, "snapshots/" + snapshotter, chainId);
                if (snapshotExists(chainId)) {
                    continue;
                }
            }
            String key = "jcri-extract-" + UUID.randomUUID() + " " + chainId;
            String parent = i == 0 ? "" : chain.get(i - 1);
            PrepareSnapshotResponse prepared = client.call(
                    "snapshot prepare for layer " + layers.get(i).digest(),
                    () -> snapshots.prepare(PrepareSnapshotRequest.newBuilder()
                            .setSnapshotter(snapshotter)
                            .setKey(key)
                            .setParent(parent)
                            .build()));
            boolean committed = false;
            try {
                io.jcri.domain.image.Descriptor layer = layers.get(i);
                var applied = client.call(
                        "diff apply of layer " + layer.digest(),
                        () -> diff.apply(ApplyRequest.newBuilder()
                                .setDiff(Descriptor.newBuilder()
                                        .setMediaType(layer.mediaType())
                                        .setDigest(layer.digest())
                                        .setSize(layer.size()))
                                .addAllMounts(prepared.getMountsList())
                                .build()));
                String got = applied.getApplied().getDigest();
                if (!got.equals(diffIds.get(i))) {
                    throw new JcriException.InvalidArgument("layer " + layer.digest() + " unpacks to diff ID " + got
                            + " but the image config says " + diffIds.get(i));
                }
                try {
                    client.call(
                            "snapshot commit " + chainId,
                            () -> snapshots.commit(CommitSnapshotRequest.newBuilder()
                                    .setSnapshotter(snapshotter)
                                    .setName(chainId)
                                    .setKey(key)
                                    .build()));
                    committed = true;
                } catch (JcriException.AlreadyExists e) {
                    // unpacked at the same time by another pull
                }
            } finally {
                if (!committed) {
                    try {
                        client.call(
                                "snapshot remove " + key,
                                () -> snapshots.remove(RemoveSnapshotRequest.newBuilder()
                                        .setSnapshotter(snapshotter)
                                        .setKey(key)
                                        .build()));
                    } catch (JcriException e) {
                        log.warn("snapshot {} not removed after a failed unpack: {}", key, e.getMessage());
                    }
                }
            }
        }
    }

    private boolean snapshotExists(String key) {
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

    @Override
    public void putImage(String name, io.jcri.domain.image.Descriptor target, Map<String, String> labels) {
        var image = io.jcri.containerd.api.services.images.v1.Image.newBuilder()
                .setName(name)
                .putAllLabels(labels)
                .setTarget(Descriptor.newBuilder()
                        .setMediaType(target.mediaType())
                        .setDigest(target.digest())
                        .setSize(target.size()))
                .build();
        ImagesGrpc.ImagesBlockingStub images = ImagesGrpc.newBlockingStub(client.channel());
        try {
            client.call(
                    "image create " + name,
                    () -> images.create(
                            CreateImageRequest.newBuilder().setImage(image).build()));
        } catch (JcriException.AlreadyExists e) {
            client.call(
                    "image update " + name,
                    () -> images.update(
                            UpdateImageRequest.newBuilder().setImage(image).build()));
        }
    }

    @Override
    public List<StoredImage> images() {
        var list = client.call(
                "image list",
                () -> ImagesGrpc.newBlockingStub(client.channel()).list(ListImagesRequest.getDefaultInstance()));
        List<StoredImage> out = new ArrayList<>();
        for (var image : list.getImagesList()) {
            var t = image.getTarget();
            io.jcri.domain.image.Descriptor target =
                    new io.jcri.domain.image.Descriptor(t.getMediaType(), t.getDigest(), t.getSize());
            Described d = described.get(target.digest());
            if (d == null) {
                try {
                    d = describe(target);
                    described.put(target.digest(), d);
                } catch (JcriException e) {
                    log.debug("image {} skipped: {}", image.getName(), e.getMessage());
                    continue;
                }
            }
            out.add(new StoredImage(
                    image.getName(),
                    target,
                    d.configDigest(),
                    d.size(),
                    d.config(),
                    d.configJson(),
                    image.getLabelsMap()));
        }
        return out;
    }

    private Described describe(io.jcri.domain.image.Descriptor target) {
        long size = 0;
        io.jcri.domain.image.Descriptor manifest = target;
        if (target.isIndex()) {
            byte[] index = read(target.digest());
            size += index.length;
            manifest = OciDocuments.select(OciDocuments.index(index), platform, "image index " + target.digest())
                    .descriptor();
        }
        byte[] manifestBytes = read(manifest.digest());
        size += manifestBytes.length;
        OciDocuments.Manifest m = OciDocuments.manifest(manifestBytes);
        byte[] config = read(m.config().digest());
        size += config.length;
        for (io.jcri.domain.image.Descriptor l : m.layers()) {
            size += Math.max(0, l.size());
        }
        return new Described(
                m.config().digest(), size, OciDocuments.config(config), new String(config, StandardCharsets.UTF_8));
    }

    private byte[] read(String digest) {
        return client.call("content read " + digest, () -> {
            Iterator<ReadContentResponse> it = ContentGrpc.newBlockingStub(client.channel())
                    .read(ReadContentRequest.newBuilder().setDigest(digest).build());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (it.hasNext()) {
                ByteString data = it.next().getData();
                if (out.size() + data.size() > MAX_DOCUMENT) {
                    throw new JcriException.InvalidArgument(
                            "content " + digest + " is too large for an image document");
                }
                out.writeBytes(data.toByteArray());
            }
            return out.toByteArray();
        });
    }

    @Override
    public void deleteImage(String name, boolean collect) {
        try {
            client.call(
                    "image delete " + name,
                    () -> ImagesGrpc.newBlockingStub(client.channel())
                            .delete(DeleteImageRequest.newBuilder()
                                    .setName(name)
                                    .setSync(collect)
                                    .build()));
        } catch (JcriException.NotFound e) {
            // gone already
        }
    }

    @Override
    public List<ImageFsUsage> usage() {
        long bytes = 0;
        long inodes = 0;
        SnapshotsGrpc.SnapshotsBlockingStub stub = SnapshotsGrpc.newBlockingStub(client.channel());
        List<String> keys = new ArrayList<>();
        client.call("snapshot list", () -> {
            Iterator<ListSnapshotsResponse> it = stub.list(ListSnapshotsRequest.newBuilder()
                    .setSnapshotter(snapshotter)
                    .build());
            it.forEachRemaining(r -> r.getInfoList().forEach(i -> keys.add(i.getName())));
            return keys;
        });
        for (String key : keys) {
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
