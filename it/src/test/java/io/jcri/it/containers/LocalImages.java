package io.jcri.it.containers;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.ImageFilter;
import io.jcri.domain.image.ImageFsUsage;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.ports.in.ImageManagement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The images the test put on the node: records of committed snapshots in the real containerd.
 * Nothing is pulled; asking for an image it does not have is NotFound.
 */
final class LocalImages implements ImageManagement {
    private final List<Image> images = new CopyOnWriteArrayList<>();

    void add(Image image) {
        images.add(image);
    }

    @Override
    public String pull(PullCommand command) {
        return ensure(command.reference(), command.auth()).id();
    }

    @Override
    public List<Image> list(ImageFilter filter) {
        return List.copyOf(images);
    }

    @Override
    public Optional<Image> status(String reference) {
        return images.stream().filter(i -> i.isNamedBy(reference)).findFirst();
    }

    @Override
    public void remove(String reference) {
        images.removeIf(i -> i.isNamedBy(reference));
    }

    @Override
    public List<ImageFsUsage> fsInfo() {
        return List.of();
    }

    @Override
    public Image ensure(String reference, RegistryAuth auth) {
        return status(reference)
                .orElseThrow(() -> new JcriException.NotFound("image " + reference + " is not on this node"));
    }
}
