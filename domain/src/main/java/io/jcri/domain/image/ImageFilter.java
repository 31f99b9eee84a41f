package io.jcri.domain.image;

import java.util.List;

/**
 * Which images ListImages returns: all of them, or the one a reference or ID names. The filter's
 * reference is normalised like a pull's ({@code busybox} matches {@code
 * docker.io/library/busybox:latest}).
 */
public record ImageFilter(String image) {
    public static final ImageFilter ALL = new ImageFilter("");

    public List<Image> apply(List<Image> images) {
        if (image.isEmpty()) {
            return images;
        }
        String key = key(image);
        return images.stream().filter(i -> i.isNamedBy(key)).toList();
    }

    /** The form an image's names are recorded in, for an ID or a reference; unparsable stays as is. */
    public static String key(String text) {
        if (ImageReference.isImageId(text)) {
            return ImageReference.imageId(text);
        }
        try {
            return ImageReference.parse(text).name();
        } catch (RuntimeException e) {
            return text;
        }
    }
}
