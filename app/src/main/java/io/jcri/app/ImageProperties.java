package io.jcri.app;

import io.jcri.ports.application.container.ImageDefinedVolumes;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jcri.image.*}: image pulls (downloads at once, the progress timeout, the snapshotter of
 * handlers that name none) and what becomes of the volumes an image declares.
 *
 * @param volumes what becomes of an image config's {@code Volumes}: {@code copy} (a directory per volume under
 *     the root directory, seeded from the image, bound writable; as containerd does) or {@code ignore} (the
 *     paths stay part of the container's rootfs)
 */
public record ImageProperties(
        @DefaultValue("3") int maxConcurrentDownloads,
        @DefaultValue("5m") Duration pullProgressTimeout,
        @DefaultValue("overlayfs") String snapshotter,
        @DefaultValue("copy") String volumes) {

    /** {@code volumes}, parsed. */
    ImageDefinedVolumes.Mode volumesMode() {
        try {
            return ImageDefinedVolumes.Mode.parse(volumes);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(
                    "jcri.image.volumes", "must be copy or ignore, got \"" + volumes + "\"");
        }
    }
}
