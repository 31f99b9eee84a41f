package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.client.Images;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Descriptor;
import io.jcri.ports.out.ImageStore.StoredImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Image records in containerd's images service, with what their content says. */
final class ImageRecords {
    private static final Logger log = LoggerFactory.getLogger(ImageRecords.class);

    private final Images images;
    private final ImageDescriber describer;

    ImageRecords(Images images, ImageDescriber describer) {
        this.images = images;
        this.describer = describer;
    }

    /** Creates the record {@code name} → {@code target}, or updates it when it exists. */
    void put(String name, Descriptor target, Map<String, String> labels) {
        images.put(new Images.Record(name, target, labels));
    }

    /** Every record whose content can be read (the others are skipped). */
    List<StoredImage> list() {
        List<StoredImage> out = new ArrayList<>();
        for (Images.Record r : images.list()) {
            stored(r).ifPresent(out::add);
        }
        return out;
    }

    /** The record {@code name}; empty when there is none or its content cannot be read. */
    Optional<StoredImage> get(String name) {
        return images.get(name).flatMap(this::stored);
    }

    private Optional<StoredImage> stored(Images.Record image) {
        ImageDescriber.Described d;
        try {
            d = describer.describe(image.target());
        } catch (JcriException e) {
            log.debug("image {} skipped: {}", image.name(), e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new StoredImage(
                image.name(), image.target(), d.configDigest(), d.size(), d.config(), d.configJson(), image.labels()));
    }

    /** Deletes the record {@code name} (gone already is fine); {@code collect} waits for garbage collection. */
    void delete(String name, boolean collect) {
        images.delete(name, collect);
    }
}
