package io.jcri.domain.image;

import io.jcri.domain.error.JcriException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An image reference normalised the way the kubelet and containerd do: {@code busybox} is {@code
 * docker.io/library/busybox:latest}, {@code index.docker.io} is {@code docker.io}. A reference with
 * a digest pulls that digest; a tag given with it ({@code name:tag@sha256:…}) is kept for display
 * but does not take part in resolution.
 *
 * @param domain the registry host (with port), e.g. {@code docker.io}
 * @param path the repository path on that registry, e.g. {@code library/busybox}
 * @param tag the tag, or null when only a digest was given
 * @param digest the digest ({@code sha256:<64 hex>}), or null
 */
public record ImageReference(
        String domain,
        String path,
        @Nullable String tag,
        @Nullable String digest) {
    public static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DOMAIN = "index.docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");
    private static final Pattern IMAGE_ID = Pattern.compile("(?:sha256:)?[a-f0-9]{64}");

    /** Parses and normalises {@code text}; a malformed reference is an InvalidArgument naming it. */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(String.valueOf(text), "it is empty");
        }
        String rest = text;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw invalid(text, "digest '" + digest + "' is not sha256:<64 hex> or sha512:<128 hex>");
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw invalid(text, "tag '" + tag + "' is not valid");
            }
        }
        if (rest.isEmpty()) {
            throw invalid(text, "it has no repository name");
        }
        return named(text, rest, tag == null && digest == null ? "latest" : tag, digest);
    }

    /** The reference to repository {@code name} (its registry host optional), normalised and checked. */
    private static ImageReference named(String text, String name, @Nullable String tag, @Nullable String digest) {
        String domain = DEFAULT_DOMAIN;
        String path = name;
        int slash = name.indexOf('/');
        String first = slash < 0 ? name : name.substring(0, slash);
        if (slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"))) {
            domain = first;
            path = name.substring(slash + 1);
            if (!DOMAIN.matcher(domain).matches()) {
                throw invalid(text, "registry host '" + domain + "' is not valid");
            }
        }
        if (domain.equals(LEGACY_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && !path.contains("/")) {
            path = "library/" + path;
        }
        checkPath(text, path);
        if (domain.length() + 1 + path.length() > 255) {
            throw invalid(text, "repository name is longer than 255 characters");
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /** Every component of the repository path must be lowercase alphanumerics joined by separators. */
    private static void checkPath(String text, String path) {
        for (String component : path.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                String why = component.isEmpty()
                        ? "it has an empty path component"
                        : (!component.equals(component.toLowerCase(Locale.ROOT))
                                ? "repository name must be lowercase"
                                : "path component '" + component + "' is not valid");
                throw invalid(text, why);
            }
        }
    }

    /** Whether {@code text} is an image ID ({@code sha256:<64 hex>} or the bare 64 hex). */
    public static boolean isImageId(String text) {
        return IMAGE_ID.matcher(text).matches();
    }

    /** {@code sha256:<hex>} for an image ID given with or without its algorithm. */
    public static String imageId(String text) {
        return text.startsWith("sha256:") ? text : "sha256:" + text;
    }

    private static JcriException.InvalidArgument invalid(String text, String why) {
        return new JcriException.InvalidArgument("image reference '" + text + "' is malformed: " + why);
    }

    /** {@code domain/path}. */
    public String repository() {
        return domain + "/" + path;
    }

    /** What to ask the registry for: the digest when there is one, else the tag. */
    public String object() {
        return digest != null ? digest : tag;
    }

    /** The tagged name ({@code repo:tag}), or null when only a digest was given. */
    public @Nullable String tagged() {
        return tag == null ? null : repository() + ":" + tag;
    }

    /** {@code repo@digest} for a digest. */
    public String withDigest(String manifestDigest) {
        return repository() + "@" + manifestDigest;
    }

    /** The name an image pulled by this reference is recorded under. */
    public String name() {
        if (digest != null) {
            return repository() + "@" + digest;
        }
        return repository() + ":" + tag;
    }

    @Override
    public String toString() {
        return repository() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
