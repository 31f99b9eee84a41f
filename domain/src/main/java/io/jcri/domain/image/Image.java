package io.jcri.domain.image;

import java.util.List;

/**
 * An image jcri has locally: its ID is the config digest; every name it is known by is a repo tag
 * ({@code repo:tag}) or a repo digest ({@code repo@sha256:…}).
 *
 * @param id the config digest ({@code sha256:…}), the image ID the kubelet uses
 * @param repoTags the tagged names
 * @param repoDigests the digest names
 * @param size bytes of the image's content (manifest, config, compressed layers)
 * @param config the parsed image config
 * @param chainId the chain ID of its top layer: the snapshot its containers start from
 * @param pinned whether image garbage collection must leave it alone (the sandbox image)
 * @param configJson the config document as stored, for verbose status
 */
public record Image(
        String id,
        List<String> repoTags,
        List<String> repoDigests,
        long size,
        ImageConfig config,
        String chainId,
        boolean pinned,
        String configJson) {
    public Image {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }

    public ImageUser user() {
        return ImageUser.of(config.user());
    }

    /**
     * The name status reports for a container made from this image when the kubelet called it
     * {@code requested}: an image ID ({@code sha256:<hex>}, or the bare hex or a prefix of it of
     * 12 or more digits) becomes the first repo tag when there is one; anything else stays.
     */
    public String displayName(String requested) {
        if (repoTags.isEmpty() || requested == null) {
            return requested == null ? "" : requested;
        }
        String hex = requested.startsWith("sha256:") ? requested.substring(7) : requested;
        boolean isId = hex.length() >= 12 && hex.matches("[0-9a-f]+") && id.startsWith("sha256:" + hex);
        return isId ? repoTags.get(0) : requested;
    }

    /** Whether {@code text} (an ID, or a normalised name) names this image. */
    public boolean isNamedBy(String text) {
        return id.equals(text) || repoTags.contains(text) || repoDigests.contains(text);
    }
}
