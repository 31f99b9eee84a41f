package io.jcri.adapters.containerd.pause;

import io.jcri.adapters.containerd.oci.OciDocuments;
import io.jcri.adapters.containerd.oci.OciImageBuilder;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.BuiltinImages;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageReference;
import io.jcri.domain.image.Platform;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.ports.out.ImageRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * An {@link ImageRegistry} that serves jcri's built-in pause image under {@link #REFERENCE} from
 * memory and passes every other reference to the real registries. Pulling the built-in image thus
 * goes through the same path as any pull (lease, content, GC labels, unpack, image record), so an
 * air-gapped node or a first run needs no registry.
 */
public final class BuiltinPauseRegistry implements ImageRegistry {
    /** The domain no real registry has: references on it are jcri's own. */
    public static final String DOMAIN = BuiltinImages.DOMAIN;

    public static final String REFERENCE = BuiltinImages.PAUSE;
    static final String RESOURCE = "/io/jcri/adapters/containerd/pause/jcri-pause";

    private final ImageRegistry delegate;
    private final OciImageBuilder.BuiltImage image;
    private final Map<String, byte[]> blobs;

    public BuiltinPauseRegistry(ImageRegistry delegate) {
        this.delegate = delegate;
        this.image = build();
        this.blobs = image.blobs();
    }

    /** jcri's pause image, built from the pause program in this jar (the pod benchmark pushes it to a registry). */
    public static OciImageBuilder.BuiltImage build() {
        byte[] pause;
        try (InputStream in = BuiltinPauseRegistry.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new JcriException.Internal("jcri's pause program is missing from the build (" + RESOURCE + ")");
            }
            pause = in.readAllBytes();
        } catch (IOException e) {
            throw new JcriException.Internal("cannot read jcri's pause program: " + e.getMessage(), e);
        }
        OciImageBuilder.Layer layer =
                OciImageBuilder.layer().file("pause", pause, 0755).build(OciImageBuilder.Compression.GZIP);
        return OciImageBuilder.image()
                .layer(layer)
                .entrypoint("/pause")
                .user("65535:65535")
                .stopSignal("SIGINT")
                .label("io.jcri.image", "builtin-pause")
                .platform(
                        Platform.current().os(),
                        Platform.current().architecture(),
                        Platform.current().variant())
                .build();
    }

    /** The built-in image's ID (its config digest). */
    public String imageId() {
        return image.id();
    }

    @Override
    public RemoteImage resolve(ImageReference reference, RegistryAuth auth, Platform platform) {
        if (!DOMAIN.equals(reference.domain())) {
            return delegate.resolve(reference, auth, platform);
        }
        if (!reference.name().equals(ImageReference.parse(REFERENCE).name())) {
            throw new JcriException.NotFound(
                    "image " + reference + " is not built into jcri (only " + REFERENCE + " is)");
        }
        return new RemoteImage(
                null,
                new Document(image.manifest().descriptor(), image.manifest().bytes()),
                new Document(image.config().descriptor(), image.config().bytes()),
                image.layers().stream().map(l -> l.blob().descriptor()).toList(),
                OciDocuments.config(image.config().bytes()));
    }

    @Override
    public InputStream openBlob(ImageReference reference, RegistryAuth auth, Descriptor blob, long offset) {
        if (!DOMAIN.equals(reference.domain())) {
            return delegate.openBlob(reference, auth, blob, offset);
        }
        byte[] bytes = blobs.get(blob.digest());
        if (bytes == null) {
            throw new JcriException.NotFound("blob " + blob.digest() + " is not part of jcri's built-in pause image");
        }
        int from = (int) Math.min(offset, bytes.length);
        return new ByteArrayInputStream(bytes, from, bytes.length - from);
    }
}
