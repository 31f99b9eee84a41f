package io.jcri.ports.fakes;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.ChainIds;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageConfig;
import io.jcri.domain.image.ImageFsUsage;
import io.jcri.ports.out.EventSubscription;
import io.jcri.ports.out.ImageRecordListener;
import io.jcri.ports.out.ImageStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory image store: content with labels, snapshots by chain ID, image records, leases.
 * Content written whole is checked against its digest like containerd does. It reads the fake
 * registry's manifest shape ({@code {"config":"<digest>","layers":n}}) to describe records.
 */
public class FakeImageStore implements ImageStore {
    public final Map<String, byte[]> content = new ConcurrentHashMap<>();
    public final Map<String, Map<String, String>> contentLabels = new ConcurrentHashMap<>();
    public final Map<String, Descriptor> records = new ConcurrentHashMap<>();
    public final Map<String, Map<String, String>> recordLabels = new ConcurrentHashMap<>();
    public final Set<String> snapshots = ConcurrentHashMap.newKeySet();
    /** Snapshots unpacked into snapshotters other than {@link #snapshotter()}: "snapshotter/chainId". */
    public final Set<String> otherSnapshots = ConcurrentHashMap.newKeySet();

    public final Set<String> leases = ConcurrentHashMap.newKeySet();
    public final Set<String> retainedLeases = ConcurrentHashMap.newKeySet();
    public final Map<String, ByteArrayOutputStream> partial = new ConcurrentHashMap<>();
    public final AtomicInteger collections = new AtomicInteger();
    /** The threads that read image records ({@link #images()}, {@link #image(String)}), one entry a call. */
    public final List<String> recordReaders = new CopyOnWriteArrayList<>();
    /** How many times every record was read at once ({@link #images()}). */
    public final java.util.concurrent.atomic.AtomicInteger fullReads = new java.util.concurrent.atomic.AtomicInteger();
    /** Whether record events reach watchers ({@link #disconnect()}, {@link #reconnect()}). */
    private volatile boolean eventsConnected = true;

    private final List<ImageRecordListener> watchers = new CopyOnWriteArrayList<>();
    private final AtomicInteger leaseIds = new AtomicInteger();
    private volatile RuntimeException unpackFailure;
    private volatile int unpackFailureAt;

    /** Unpacking fails once it reaches {@code layers} layers (null: it works again). */
    public void failUnpack(RuntimeException e, int layers) {
        unpackFailure = e;
        unpackFailureAt = layers;
    }

    @Override
    public PullLease lease(String purpose) {
        String id = "lease-" + leaseIds.incrementAndGet();
        leases.add(id);
        return new PullLease() {
            @Override
            public String id() {
                return id;
            }

            private volatile boolean retained;

            @Override
            public void retain() {
                retained = true;
                retainedLeases.add(id);
            }

            @Override
            public void close() {
                if (!retained) {
                    leases.remove(id);
                }
            }
        };
    }

    @Override
    public boolean hasContent(String digest) {
        return content.containsKey(digest);
    }

    @Override
    public boolean holdContent(PullLease lease, String digest) {
        return content.containsKey(digest);
    }

    @Override
    public ContentIngest ingest(PullLease lease, Descriptor blob, Map<String, String> labels) {
        ByteArrayOutputStream buffer = partial.computeIfAbsent(blob.digest(), d -> new ByteArrayOutputStream());
        return new ContentIngest() {
            @Override
            public long offset() {
                return buffer.size();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buffer.write(b, off, len);
            }

            @Override
            public void commit() {
                byte[] bytes = buffer.toByteArray();
                partial.remove(blob.digest());
                check(blob, bytes);
                content.put(blob.digest(), bytes);
                contentLabels.put(blob.digest(), new LinkedHashMap<>(labels));
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void putContent(PullLease lease, Descriptor blob, byte[] bytes, Map<String, String> labels) {
        check(blob, bytes);
        content.put(blob.digest(), bytes);
        contentLabels.merge(blob.digest(), new LinkedHashMap<>(labels), (a, b) -> {
            a.putAll(b);
            return a;
        });
    }

    private static void check(Descriptor blob, byte[] bytes) {
        if (bytes.length != blob.size() || !FakeImageRegistry.digest(bytes).equals(blob.digest())) {
            throw new JcriException.FailedPrecondition("content " + blob.digest() + ": unexpected size or digest");
        }
    }

    @Override
    public void unpack(PullLease lease, String snapshotter, List<Descriptor> layers, List<String> diffIds) {
        if (snapshotter.equals(snapshotter())) {
            unpack(lease, layers, diffIds);
            return;
        }
        ChainIds.of(diffIds).forEach(c -> otherSnapshots.add(snapshotter + "/" + c));
    }

    @Override
    public boolean unpacked(String snapshotter, String chainId) {
        if (snapshotter.equals(snapshotter())) {
            return chainId.isEmpty() || snapshots.contains(chainId);
        }
        return chainId.isEmpty() || otherSnapshots.contains(snapshotter + "/" + chainId);
    }

    @Override
    public void unpack(PullLease lease, List<Descriptor> layers, List<String> diffIds) {
        if (unpackFailure != null && layers.size() >= unpackFailureAt) {
            throw unpackFailure;
        }
        snapshots.addAll(ChainIds.of(diffIds));
    }

    @Override
    public void putImage(String name, Descriptor target, Map<String, String> labels) {
        records.put(name, target);
        recordLabels.put(name, Map.copyOf(labels));
        changed(name);
    }

    /** Record events stop (as when the engine's event stream breaks); watchers are not told. */
    public void disconnect() {
        eventsConnected = false;
    }

    /** Record events flow again: watchers are told to resync, as after a reconnection. */
    public void reconnect() {
        eventsConnected = true;
        watchers.forEach(ImageRecordListener::resync);
    }

    private void changed(String name) {
        if (eventsConnected) {
            watchers.forEach(w -> w.changed(name));
        }
    }

    @Override
    public EventSubscription watch(ImageRecordListener listener) {
        watchers.add(listener);
        if (eventsConnected) {
            listener.resync();
        }
        return new EventSubscription() {
            @Override
            public boolean connected() {
                return eventsConnected && watchers.contains(listener);
            }

            @Override
            public void close() {
                watchers.remove(listener);
            }
        };
    }

    @Override
    public Optional<StoredImage> image(String name) {
        recordReaders.add(Thread.currentThread().getName());
        return describe(name);
    }

    @Override
    public List<StoredImage> images() {
        fullReads.incrementAndGet();
        recordReaders.add(Thread.currentThread().getName());
        List<StoredImage> out = new ArrayList<>();
        for (String name : records.keySet()) {
            describe(name).ifPresent(out::add);
        }
        return out;
    }

    private Optional<StoredImage> describe(String name) {
        Descriptor target = records.get(name);
        if (target == null) {
            return Optional.empty();
        }
        String manifest = new String(content.get(target.digest()), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"config\":\"([^\"]+)\"").matcher(manifest);
        m.find();
        String configDigest = m.group(1);
        String configJson = new String(content.get(configDigest), StandardCharsets.UTF_8);
        Matcher user = Pattern.compile("\"User\":\"([^\"]*)\"").matcher(configJson);
        user.find();
        List<String> diffIds = new ArrayList<>();
        Matcher d =
                Pattern.compile("sha256:[0-9a-f]{64}").matcher(configJson.substring(configJson.indexOf("diff_ids")));
        while (d.find()) {
            diffIds.add(d.group());
        }
        long size = target.size() + content.get(configDigest).length;
        for (String layer : diffIds) {
            size += content.containsKey(layer) ? content.get(layer).length : 0;
        }
        ImageConfig config = new ImageConfig(
                List.of(), List.of("sh"), List.of(), "", user.group(1), "", Map.of(), List.of(), diffIds);
        return Optional.of(
                new StoredImage(name, target, configDigest, size, config, configJson, recordLabels.get(name)));
    }

    @Override
    public void deleteImage(String name, boolean collect) {
        boolean had = records.remove(name) != null;
        recordLabels.remove(name);
        if (had) {
            changed(name);
        }
        if (collect) {
            collections.incrementAndGet();
        }
    }

    @Override
    public List<ImageFsUsage> usage() {
        long bytes = content.values().stream().mapToLong(b -> b.length).sum();
        return List.of(new ImageFsUsage("/fake/snapshots", bytes, snapshots.size(), System.nanoTime()));
    }

    @Override
    public String snapshotter() {
        return "overlayfs";
    }
}
