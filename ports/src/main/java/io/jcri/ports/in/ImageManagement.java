package io.jcri.ports.in;

import io.jcri.domain.image.Image;
import io.jcri.domain.image.ImageFilter;
import io.jcri.domain.image.ImageFsUsage;
import io.jcri.domain.image.RegistryAuth;
import java.util.List;
import java.util.Optional;

/** The images capability: pull from registries, list, inspect, remove, and filesystem usage. */
public interface ImageManagement {
    /** Pulls {@code reference} and returns the image's ID (its config digest). */
    String pull(PullCommand command);

    List<Image> list(ImageFilter filter);

    /** The image an ID, tag or digest reference names, or empty. */
    Optional<Image> status(String reference);

    /** Removes every name of the image {@code reference} names; succeeds when it is gone already. */
    void remove(String reference);

    List<ImageFsUsage> fsInfo();

    /** ImageFsInfo's container filesystems: where containers' writable layers are and their use. */
    default List<ImageFsUsage> containerFsInfo() {
        return List.of();
    }

    /** The local image {@code reference} names, pulled first only when it is missing. */
    Image ensure(String reference, RegistryAuth auth);

    /** The local image, or NotFound naming {@code reference}: for container creation. */
    default Image require(String reference) {
        return status(reference)
                .orElseThrow(() -> new io.jcri.domain.error.JcriException.NotFound(
                        "image " + reference + " is not present locally"));
    }

    record PullCommand(String reference, RegistryAuth auth) {}
}
