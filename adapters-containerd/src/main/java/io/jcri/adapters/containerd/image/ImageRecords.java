package io.jcri.adapters.containerd.image;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.containerd.api.services.images.v1.CreateImageRequest;
import io.jcri.containerd.api.services.images.v1.DeleteImageRequest;
import io.jcri.containerd.api.services.images.v1.GetImageRequest;
import io.jcri.containerd.api.services.images.v1.Image;
import io.jcri.containerd.api.services.images.v1.ImagesGrpc;
import io.jcri.containerd.api.services.images.v1.ListImagesRequest;
import io.jcri.containerd.api.services.images.v1.UpdateImageRequest;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Descriptor;
import io.jcri.ports.out.ImageStore.StoredImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Image records in containerd's images service: create or update, list with what their content says, delete. */
final class ImageRecords {
    private static final Logger log = LoggerFactory.getLogger(ImageRecords.class);

    private final ContainerdClient client;
    private final ImageDescriber describer;

    ImageRecords(ContainerdClient client, ImageDescriber describer) {
        this.client = client;
        this.describer = describer;
    }

    /** Creates the record {@code name} → {@code target}, or updates it when it exists. */
    void put(String name, Descriptor target, Map<String, String> labels) {
        var image = Image.newBuilder()
                .setName(name)
                .putAllLabels(labels)
                .setTarget(io.jcri.containerd.api.types.Descriptor.newBuilder()
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

    /** Every record whose content can be read (the others are skipped). */
    List<StoredImage> list() {
        var list = client.call(
                "image list",
                () -> ImagesGrpc.newBlockingStub(client.channel()).list(ListImagesRequest.getDefaultInstance()));
        List<StoredImage> out = new ArrayList<>();
        for (var image : list.getImagesList()) {
            stored(image).ifPresent(out::add);
        }
        return out;
    }

    /** The record {@code name}; empty when there is none or its content cannot be read. */
    Optional<StoredImage> get(String name) {
        try {
            var image = client.call(
                            "image get " + name,
                            () -> ImagesGrpc.newBlockingStub(client.channel())
                                    .get(GetImageRequest.newBuilder()
                                            .setName(name)
                                            .build()))
                    .getImage();
            return stored(image);
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
    }

    private Optional<StoredImage> stored(Image image) {
        var t = image.getTarget();
        Descriptor target = new Descriptor(t.getMediaType(), t.getDigest(), t.getSize());
        ImageDescriber.Described d;
        try {
            d = describer.describe(target);
        } catch (JcriException e) {
            log.debug("image {} skipped: {}", image.getName(), e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new StoredImage(
                image.getName(), target, d.configDigest(), d.size(), d.config(), d.configJson(), image.getLabelsMap()));
    }

    /** Deletes the record {@code name} (gone already is fine); {@code collect} waits for garbage collection. */
    void delete(String name, boolean collect) {
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
}
