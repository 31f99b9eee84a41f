package io.jcri.adapters.containerd.client;

import io.jcri.containerd.api.services.images.v1.CreateImageRequest;
import io.jcri.containerd.api.services.images.v1.DeleteImageRequest;
import io.jcri.containerd.api.services.images.v1.GetImageRequest;
import io.jcri.containerd.api.services.images.v1.Image;
import io.jcri.containerd.api.services.images.v1.ImagesGrpc;
import io.jcri.containerd.api.services.images.v1.ListImagesRequest;
import io.jcri.containerd.api.services.images.v1.UpdateImageRequest;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Descriptor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * containerd's Images service: image records (a name, its target, labels). Calls run in the
 * caller's context under the metadata deadline, except a Delete that waits for garbage collection
 * ({@code sync}), which has the transfer one.
 */
public final class Images {
    private final Calls calls;

    public Images(ContainerdClient client) {
        this.calls = new Calls(client);
    }

    /** One image record. */
    public record Record(String name, Descriptor target, Map<String, String> labels) {}

    /** Creates the record, or updates it when one of that name exists. */
    public void put(Record r) {
        Image image = Image.newBuilder()
                .setName(r.name())
                .putAllLabels(r.labels())
                .setTarget(io.jcri.containerd.api.types.Descriptor.newBuilder()
                        .setMediaType(r.target().mediaType())
                        .setDigest(r.target().digest())
                        .setSize(r.target().size()))
                .build();
        try {
            calls.unary(
                    ImagesGrpc.getCreateMethod(),
                    CreateImageRequest.newBuilder().setImage(image).build(),
                    calls.deadlines().metadata(),
                    r.name());
        } catch (JcriException.AlreadyExists e) {
            calls.unary(
                    ImagesGrpc.getUpdateMethod(),
                    UpdateImageRequest.newBuilder().setImage(image).build(),
                    calls.deadlines().metadata(),
                    r.name());
        }
    }

    public List<Record> list() {
        return calls
                .unary(
                        ImagesGrpc.getListMethod(),
                        ListImagesRequest.getDefaultInstance(),
                        calls.deadlines().metadata(),
                        "")
                .getImagesList()
                .stream()
                .map(Images::record)
                .toList();
    }

    public Optional<Record> get(String name) {
        try {
            Image image = calls.unary(
                            ImagesGrpc.getGetMethod(),
                            GetImageRequest.newBuilder().setName(name).build(),
                            calls.deadlines().metadata(),
                            name)
                    .getImage();
            return Optional.of(record(image));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
    }

    /** Deletes record {@code name} (gone already is fine); {@code sync} waits for garbage collection. */
    public void delete(String name, boolean sync) {
        try {
            calls.unary(
                    ImagesGrpc.getDeleteMethod(),
                    DeleteImageRequest.newBuilder().setName(name).setSync(sync).build(),
                    sync ? calls.deadlines().transfer() : calls.deadlines().metadata(),
                    name);
        } catch (JcriException.NotFound e) {
            // gone already
        }
    }

    private static Record record(Image image) {
        var t = image.getTarget();
        return new Record(
                image.getName(), new Descriptor(t.getMediaType(), t.getDigest(), t.getSize()), image.getLabelsMap());
    }
}
