package io.jcri.ports.fakes;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageConfig;
import io.jcri.domain.image.ImageReference;
import io.jcri.domain.image.Platform;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.ports.out.ImageRegistry;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory registry. {@link #add} publishes an image made of the given layer bytes; {@link
 * #stallBlobs()} makes blob reads hang until the stream is closed; {@link #holdResolves()} blocks
 * resolves until released; it counts resolves, blob opens and the most blobs open at once.
 */
public class FakeImageRegistry implements ImageRegistry {
    private final Map<String, RemoteImage> images = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
    public final AtomicInteger resolves = new AtomicInteger();
    public final AtomicInteger blobOpens = new AtomicInteger();
    public final AtomicInteger openNow = new AtomicInteger();
    public final AtomicInteger maxOpen = new AtomicInteger();
    private volatile boolean stall;
    private volatile CountDownLatch resolveGate;
    private volatile long blobDelayMillis;
    private volatile String requiredPassword;

    /** Publishes {@code reference} with one layer per {@code layers} entry and the given user. */
    public RemoteImage add(String reference, String user, byte[]... layers) {
        List<Descriptor> descriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (byte[] layer : layers) {
            Descriptor d = new Descriptor(Descriptor.OCI_LAYER, digest(layer), layer.length);
            blobs.put(d.digest(), layer);
            descriptors.add(d);
            diffIds.add(d.digest());
        }
        String configJson = "{\"config\":{\"User\":\"" + user + "\"},\"rootfs\":{\"diff_ids\":[\""
                + String.join("\",\"", diffIds) + "\"]},\"n\":\"" + reference + "\"}";
        byte[] config = configJson.getBytes(StandardCharsets.UTF_8);
        Descriptor configDesc = new Descriptor(Descriptor.OCI_CONFIG, digest(config), config.length);
        byte[] manifest = ("{\"config\":\"" + configDesc.digest() + "\",\"layers\":" + descriptors.size() + "}")
                .getBytes(StandardCharsets.UTF_8);
        Descriptor manifestDesc = new Descriptor(Descriptor.OCI_MANIFEST, digest(manifest), manifest.length);
        ImageConfig parsed =
                new ImageConfig(List.of(), List.of("sh"), List.of(), "", user, "", Map.of(), List.of(), diffIds);
        RemoteImage image = new RemoteImage(
                null, new Document(manifestDesc, manifest), new Document(configDesc, config), descriptors, parsed);
        images.put(ImageReference.parse(reference).toString(), image);
        return image;
    }

    /** Serves {@code bytes} for the blob {@code digest} from now on, whatever its descriptor says. */
    public void serveBlob(String digest, byte[] bytes) {
        blobs.put(digest, bytes);
    }

    public void fail(String reference, RuntimeException e) {
        failures.put(ImageReference.parse(reference).toString(), e);
    }

    public void stallBlobs() {
        stall = true;
    }

    public void blobDelay(long millis) {
        blobDelayMillis = millis;
    }

    public void requirePassword(String password) {
        requiredPassword = password;
    }

    public CountDownLatch holdResolves() {
        CountDownLatch gate = new CountDownLatch(1);
        resolveGate = gate;
        return gate;
    }

    @Override
    public RemoteImage resolve(ImageReference reference, RegistryAuth auth, Platform platform) {
        resolves.incrementAndGet();
        CountDownLatch gate = resolveGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JcriException.Unavailable("interrupted");
            }
        }
        if (requiredPassword != null && !requiredPassword.equals(auth.resolved().password())) {
            throw new JcriException.InvalidArgument("authentication to " + reference.domain() + " failed");
        }
        RuntimeException failure = failures.get(reference.toString());
        if (failure != null) {
            throw failure;
        }
        RemoteImage image = images.get(reference.toString());
        if (image == null) {
            throw new JcriException.NotFound("image " + reference + ": not found in fake registry");
        }
        return image;
    }

    @Override
    public InputStream openBlob(ImageReference reference, RegistryAuth auth, Descriptor blob, long offset) {
        blobOpens.incrementAndGet();
        byte[] bytes = blobs.get(blob.digest());
        if (bytes == null) {
            throw new JcriException.NotFound("blob " + blob.digest());
        }
        maxOpen.accumulateAndGet(openNow.incrementAndGet(), Math::max);
        InputStream base = new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
        return new FilterInputStream(base) {
            private final CountDownLatch closed = new CountDownLatch(1);
            private boolean counted = true;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (stall) {
                    try {
                        closed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("stream closed");
                }
                if (blobDelayMillis > 0) {
                    try {
                        Thread.sleep(blobDelayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted");
                    }
                }
                return super.read(b, off, Math.min(len, 1024));
            }

            @Override
            public void close() throws IOException {
                closed.countDown();
                synchronized (this) {
                    if (counted) {
                        counted = false;
                        openNow.decrementAndGet();
                    }
                }
                super.close();
            }
        };
    }

    public static String digest(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
