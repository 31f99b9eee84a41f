package io.jcri.ports.out;

import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageConfig;
import io.jcri.domain.image.ImageReference;
import io.jcri.domain.image.Platform;
import io.jcri.domain.image.RegistryAuth;
import java.io.InputStream;
import java.util.List;

/** Registries images are pulled from (OCI distribution), reached through the configured hosts. */
public interface ImageRegistry {
    /**
     * Resolves {@code reference} to the manifest for {@code platform}: the index (if any), the
     * manifest and the config are fetched, verified against their digests and returned whole.
     */
    RemoteImage resolve(ImageReference reference, RegistryAuth auth, Platform platform);

    /**
     * Opens the blob {@code blob} of {@code reference}'s repository, starting at byte {@code offset}
     * (a resumed download). The caller closes the stream; closing it early aborts the download.
     */
    InputStream openBlob(ImageReference reference, RegistryAuth auth, Descriptor blob, long offset);

    /** A document fetched whole (index, manifest, config) with its descriptor. */
    record Document(Descriptor descriptor, byte[] bytes) {}

    /**
     * A resolved image.
     *
     * @param index the index or manifest list the reference named, or null
     * @param manifest the platform's manifest
     * @param config the image config blob
     * @param layers the layers, bottom first
     * @param parsedConfig the config, parsed
     */
    record RemoteImage(
            Document index, Document manifest, Document config, List<Descriptor> layers, ImageConfig parsedConfig) {
        /** The descriptor the image record points at: the index when there is one. */
        public Descriptor target() {
            return index != null ? index.descriptor() : manifest.descriptor();
        }
    }
}
