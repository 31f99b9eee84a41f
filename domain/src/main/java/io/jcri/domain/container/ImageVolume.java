package io.jcri.domain.container;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The source of an image volume: a CRI mount whose {@code image} is set mounts that image's
 * filesystem, read-only, at the mount's container path (or only its {@code subPath} directory).
 *
 * @param image the image as the kubelet named it (a reference or an image ID)
 * @param userSpecifiedImage the image as the pod's author wrote it
 * @param imageRef the image's ID, filled in once the image is resolved at creation (status
 *     reports it as the mount's {@code image_ref})
 * @param subPath the CRI's {@code image_sub_path}: a path inside the image, or empty for all of it
 */
public record ImageVolume(String image, String userSpecifiedImage, String imageRef, String subPath) {
    public ImageVolume {
        image = image == null ? "" : image;
        userSpecifiedImage = userSpecifiedImage == null ? "" : userSpecifiedImage;
        imageRef = imageRef == null ? "" : imageRef;
        subPath = subPath == null ? "" : subPath;
    }

    public ImageVolume withImageRef(String value) {
        return new ImageVolume(image, userSpecifiedImage, value, subPath);
    }

    /**
     * The sub path made plain: relative, without empty, {@code .} or {@code ..} segments (a
     * {@code ..} takes back the segment before it); empty for the whole image. Empty when it
     * cannot name a path inside the image: it is absolute, or a {@code ..} climbs above the
     * image's root.
     */
    public Optional<String> normalizedSubPath() {
        if (subPath.startsWith("/") || subPath.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String s : subPath.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (segments.isEmpty()) {
                    return Optional.empty();
                }
                segments.removeLast();
            } else {
                segments.addLast(s);
            }
        }
        return Optional.of(String.join("/", segments));
    }
}
