package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.oci.OciDocuments;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageConfig;
import io.jcri.domain.image.Platform;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What an image record's target says (config, size), read from the content store and cached by target digest. */
final class ImageDescriber {
    private final ContainerdContent content;
    private final Platform platform;
    private final Map<String, Described> described = new ConcurrentHashMap<>();

    /** What a record's target says: cached by target digest (content never changes). */
    record Described(String configDigest, long size, ImageConfig config, String configJson) {}

    ImageDescriber(ContainerdContent content, Platform platform) {
        this.content = content;
        this.platform = platform;
    }

    /** The description of {@code target} (an index or a manifest), from the cache or read now. */
    Described describe(Descriptor target) {
        Described d = described.get(target.digest());
        if (d == null) {
            d = read(target);
            described.put(target.digest(), d);
        }
        return d;
    }

    private Described read(Descriptor target) {
        long size = 0;
        Descriptor manifest = target;
        if (target.isIndex()) {
            byte[] index = content.read(target.digest());
            size += index.length;
            manifest = OciDocuments.select(OciDocuments.index(index), platform, "image index " + target.digest())
                    .descriptor();
        }
        byte[] manifestBytes = content.read(manifest.digest());
        size += manifestBytes.length;
        OciDocuments.Manifest m = OciDocuments.manifest(manifestBytes);
        byte[] config = content.read(m.config().digest());
        size += config.length;
        for (Descriptor l : m.layers()) {
            size += Math.max(0, l.size());
        }
        return new Described(
                m.config().digest(), size, OciDocuments.config(config), new String(config, StandardCharsets.UTF_8));
    }
}
