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

    /**
     * ListImages when memory has the answer without waiting on anything (the image index is in
     * step with the store); empty when the store must be read (then {@link #list} reads it).
     */
    default Optional<List<Image>> listFromMemory(ImageFilter filter) {
        return Optional.empty();
    }

    /**
     * ImageStatus as {@link #status(String, String)} when memory has the answer without waiting on
     * anything: the outer optional is empty when the store must be asked (the index is not in step,
     * or the handler's snapshotter must be checked for an unpacked copy), the inner one when no
     * image has that name.
     */
    default Optional<Optional<Image>> statusFromMemory(String reference, String runtimeHandler) {
        return Optional.empty();
    }

    /** Removes every name of the image {@code reference} names; succeeds when it is gone already. */
    void remove(String reference);

    List<ImageFsUsage> fsInfo();

    /** ImageFsInfo's container filesystems: where containers' writable layers are and their use. */
    default List<ImageFsUsage> containerFsInfo() {
        return List.of();
    }

    /** The local image {@code reference} names, pulled first only when it is missing. */
    Image ensure(String reference, RegistryAuth auth);

    /**
     * The image {@code reference} names, unpacked for runtime handler {@code runtimeHandler}
     * (empty: the default), pulled first when it is not.
     */
    default Image ensure(String reference, RegistryAuth auth, String runtimeHandler) {
        return ensure(reference, auth);
    }

    /**
     * The image {@code reference} names when it is unpacked for runtime handler {@code
     * runtimeHandler} (into that handler's snapshotter; empty: the default handler), or empty.
     */
    default Optional<Image> status(String reference, String runtimeHandler) {
        return status(reference);
    }

    /**
     * Removes the image {@code reference} names, as {@link #remove(String)}: its names are shared
     * by every runtime handler, so it goes for all of them.
     */
    default void remove(String reference, String runtimeHandler) {
        remove(reference);
    }

    /** The local image, or NotFound naming {@code reference}: for container creation. */
    default Image require(String reference) {
        return status(reference)
                .orElseThrow(() -> new io.jcri.domain.error.JcriException.NotFound(
                        "image " + reference + " is not present locally"));
    }

    /**
     * The local image unpacked for {@code runtimeHandler}, or NotFound naming {@code reference}
     * and the handler: for container creation.
     */
    default Image require(String reference, String runtimeHandler) {
        if (runtimeHandler == null || runtimeHandler.isEmpty()) {
            return require(reference);
        }
        return status(reference, runtimeHandler)
                .orElseThrow(() -> new io.jcri.domain.error.JcriException.NotFound("image " + reference
                        + " is not present locally for runtime handler \"" + runtimeHandler
                        + "\" (pull it with that runtime_handler: its snapshotter has no unpacked copy)"));
    }

    /**
     * @param runtimeHandler the runtime handler the image is for (ImageSpec.runtime_handler;
     *     empty: the default): the image is unpacked into that handler's snapshotter
     */
    record PullCommand(String reference, RegistryAuth auth, String runtimeHandler) {
        public PullCommand {
            runtimeHandler = runtimeHandler == null ? "" : runtimeHandler;
        }

        /** A pull for the default runtime handler. */
        public PullCommand(String reference, RegistryAuth auth) {
            this(reference, auth, "");
        }
    }
}
