package io.jcri.adapters.containerd.oci;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageConfig;
import io.jcri.domain.image.Platform;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads OCI/Docker image indexes, manifests and configs; computes and checks digests. */
public final class OciDocuments {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OciDocuments() {}

    /** A manifest: its config and layers. */
    public record Manifest(Descriptor config, List<Descriptor> layers) {}

    /** An index entry: the manifest and the platform it is for. */
    public record Entry(Descriptor descriptor, String os, String architecture, String variant) {}

    public static String sha256(byte[] bytes) {
        return digest("sha256", bytes);
    }

    /**
     * The digest {@code algorithm:hex} of {@code bytes}, for the algorithms OCI names: {@code
     * sha256} and {@code sha512}.
     *
     * @throws IllegalArgumentException for another algorithm
     */
    public static String digest(String algorithm, byte[] bytes) {
        String jca = switch (algorithm) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("digest algorithm " + algorithm + " is not supported");
        };
        try {
            return algorithm + ":"
                    + HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " missing from the JVM", e);
        }
    }

    /** Whether {@code digest} is of an algorithm {@link #verify} checks (sha256, sha512). */
    public static boolean verifiable(String digest) {
        return digest.startsWith("sha256:") || digest.startsWith("sha512:");
    }

    /** Checks {@code bytes} against the digest (sha256 or sha512) and size {@code what} names. */
    public static void verify(String what, Descriptor expected, byte[] bytes) {
        if (expected.size() >= 0 && bytes.length != expected.size()) {
            throw new JcriException.InvalidArgument(what + ": expected " + expected.size() + " bytes for "
                    + expected.digest() + ", got " + bytes.length);
        }
        if (!verifiable(expected.digest())) {
            throw new JcriException.InvalidArgument(
                    what + ": digest algorithm of " + expected.digest() + " is not supported");
        }
        String algorithm = expected.digest().substring(0, expected.digest().indexOf(':'));
        String actual = digest(algorithm, bytes);
        if (!actual.equals(expected.digest())) {
            throw new JcriException.InvalidArgument(
                    what + ": content digest " + actual + " does not match " + expected.digest());
        }
    }

    /**
     * The media type of a manifest document: the registry's content type when it is one of the
     * four known ones, else the document's own {@code mediaType}, else guessed from its shape.
     */
    public static String mediaType(byte[] doc, String contentType) {
        String ct = contentType == null ? "" : contentType.split(";")[0].trim();
        if (ct.equals(Descriptor.OCI_INDEX)
                || ct.equals(Descriptor.OCI_MANIFEST)
                || ct.equals(Descriptor.DOCKER_LIST)
                || ct.equals(Descriptor.DOCKER_MANIFEST)) {
            return ct;
        }
        JsonNode root = parse("manifest", doc);
        String declared = text(root, "mediaType");
        if (!declared.isEmpty()) {
            return declared;
        }
        if (root.has("manifests")) {
            return Descriptor.OCI_INDEX;
        }
        if (root.has("config") && root.has("layers")) {
            return Descriptor.OCI_MANIFEST;
        }
        if (root.has("fsLayers")) {
            return "application/vnd.docker.distribution.manifest.v1+json";
        }
        return ct;
    }

    public static List<Entry> index(byte[] doc) {
        JsonNode root = parse("image index", doc);
        List<Entry> out = new ArrayList<>();
        for (JsonNode m : root.path("manifests")) {
            JsonNode p = m.path("platform");
            out.add(new Entry(descriptor(m), text(p, "os"), text(p, "architecture"), text(p, "variant")));
        }
        return out;
    }

    /** The index entry for {@code platform}: an exact variant match first, else any compatible one. */
    public static Entry select(List<Entry> entries, Platform platform, String what) {
        Entry compatible = null;
        for (Entry e : entries) {
            if (!e.descriptor().isManifest() && !e.descriptor().mediaType().isEmpty()) {
                continue;
            }
            if (platform.matches(e.os(), e.architecture(), e.variant())) {
                if (e.variant().equals(platform.variant())) {
                    return e;
                }
                if (compatible == null) {
                    compatible = e;
                }
            }
        }
        if (compatible != null) {
            return compatible;
        }
        List<String> available = entries.stream()
                .map(e -> e.os() + "/" + e.architecture() + (e.variant().isEmpty() ? "" : "/" + e.variant()))
                .toList();
        throw new JcriException.NotFound(what + ": no manifest for platform " + platform.os() + "/"
                + platform.architecture() + " in its index (has " + available + ")");
    }

    public static Manifest manifest(byte[] doc) {
        JsonNode root = parse("image manifest", doc);
        if (root.path("config").isMissingNode()) {
            throw new JcriException.InvalidArgument("image manifest has no config");
        }
        List<Descriptor> layers = new ArrayList<>();
        for (JsonNode l : root.path("layers")) {
            layers.add(descriptor(l));
        }
        return new Manifest(descriptor(root.path("config")), layers);
    }

    public static ImageConfig config(byte[] doc) {
        JsonNode root = parse("image config", doc);
        JsonNode c = root.path("config");
        Map<String, String> labels = new LinkedHashMap<>();
        c.path("Labels")
                .properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        List<String> volumes = new ArrayList<>(c.path("Volumes").propertyNames());
        return new ImageConfig(
                strings(c.path("Entrypoint")),
                strings(c.path("Cmd")),
                strings(c.path("Env")),
                text(c, "WorkingDir"),
                text(c, "User"),
                text(c, "StopSignal"),
                labels,
                volumes,
                strings(root.path("rootfs").path("diff_ids")));
    }

    private static Descriptor descriptor(JsonNode n) {
        String digest = text(n, "digest");
        if (digest.isEmpty()) {
            throw new JcriException.InvalidArgument("image document has a descriptor without a digest");
        }
        return new Descriptor(text(n, "mediaType"), digest, n.path("size").asLong(-1));
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            for (JsonNode s : n) {
                out.add(s.asString(""));
            }
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isString() ? v.asString() : "";
    }

    private static JsonNode parse(String what, byte[] doc) {
        try {
            JsonNode root = JSON.readTree(doc);
            if (root == null || !root.isObject()) {
                throw new JcriException.InvalidArgument(what + " is not a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new JcriException.InvalidArgument(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
