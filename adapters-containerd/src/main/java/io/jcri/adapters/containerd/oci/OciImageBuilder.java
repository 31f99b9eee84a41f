package io.jcri.adapters.containerd.oci;

import io.jcri.domain.image.Descriptor;
import io.jcri.domain.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Builds OCI images in memory: layers as tar or tar+gzip from files, directories and symlinks; a
 * config; an OCI or Docker schema2 manifest; an OCI index or Docker manifest list. Output is
 * deterministic (fixed times, root ownership unless told, entries in the order given), and every
 * descriptor and diff ID is computed from the bytes written.
 */
public final class OciImageBuilder {
    private OciImageBuilder() {}

    /** How a layer's tar is compressed. */
    public enum Compression {
        NONE,
        GZIP,
        /** gzip at the fastest level: for large test data. */
        GZIP_FAST
    }

    /** A blob: its descriptor and bytes. */
    public record Blob(Descriptor descriptor, byte[] bytes) {}

    /** A layer: its blob (as stored in a registry) and the digest of its uncompressed tar. */
    public record Layer(Blob blob, String diffId) {}

    /** An image for one platform. */
    public record BuiltImage(
            Blob config, Blob manifest, List<Layer> layers, String os, String architecture, String variant) {
        /** Every blob of the image, config and layers (not the manifest), by digest. */
        public Map<String, byte[]> blobs() {
            Map<String, byte[]> out = new LinkedHashMap<>();
            for (Layer l : layers) {
                out.put(l.blob().descriptor().digest(), l.blob().bytes());
            }
            out.put(config.descriptor().digest(), config.bytes());
            return out;
        }

        /** The image ID the kubelet sees: the config digest. */
        public String id() {
            return config.descriptor().digest();
        }
    }

    public static LayerBuilder layer() {
        return new LayerBuilder();
    }

    public static ImageBuilder image() {
        return new ImageBuilder();
    }

    /** An OCI index (or, with {@code docker}, a Docker manifest list) of the given images. */
    public static Blob index(List<BuiltImage> images, boolean docker) {
        List<Object> manifests = new ArrayList<>();
        for (BuiltImage i : images) {
            Map<String, Object> platform = new LinkedHashMap<>();
            platform.put("architecture", i.architecture());
            platform.put("os", i.os());
            if (!i.variant().isEmpty()) {
                platform.put("variant", i.variant());
            }
            Map<String, Object> d = descriptorJson(i.manifest().descriptor());
            d.put("platform", platform);
            manifests.add(d);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schemaVersion", 2);
        String mediaType = docker ? Descriptor.DOCKER_LIST : Descriptor.OCI_INDEX;
        doc.put("mediaType", mediaType);
        doc.put("manifests", manifests);
        return blob(mediaType, Json.write(doc).getBytes(StandardCharsets.UTF_8));
    }

    static Blob blob(String mediaType, byte[] bytes) {
        return new Blob(new Descriptor(mediaType, OciDocuments.sha256(bytes), bytes.length), bytes);
    }

    private static Map<String, Object> descriptorJson(Descriptor d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mediaType", d.mediaType());
        m.put("digest", d.digest());
        m.put("size", d.size());
        return m;
    }

    /** Entries of one layer, written in the order added. */
    public static final class LayerBuilder {
        private record Entry(String path, byte type, int mode, int uid, int gid, String link, byte[] content) {}

        private final List<Entry> entries = new ArrayList<>();
        private int uid;
        private int gid;

        private LayerBuilder() {}

        /** Owner of the entries added after this call. */
        public LayerBuilder owner(int uid, int gid) {
            this.uid = uid;
            this.gid = gid;
            return this;
        }

        public LayerBuilder directory(String path, int mode) {
            entries.add(new Entry(clean(path), TarWriter.DIRECTORY, mode, uid, gid, "", new byte[0]));
            return this;
        }

        public LayerBuilder file(String path, byte[] content, int mode) {
            entries.add(new Entry(clean(path), TarWriter.FILE, mode, uid, gid, "", content.clone()));
            return this;
        }

        public LayerBuilder file(String path, String content, int mode) {
            return file(path, content.getBytes(StandardCharsets.UTF_8), mode);
        }

        /** A file with the contents of {@code source}. */
        public LayerBuilder file(String path, Path source, int mode) {
            try {
                return file(path, Files.readAllBytes(source), mode);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + source, e);
            }
        }

        public LayerBuilder symlink(String path, String target) {
            entries.add(new Entry(clean(path), TarWriter.SYMLINK, 0777, uid, gid, target, new byte[0]));
            return this;
        }

        /** {@code directory}'s tree under {@code prefix}, in name order, with its files' modes. */
        public LayerBuilder tree(String prefix, Path directory) {
            TreeMap<String, Path> sorted = new TreeMap<>();
            try (Stream<Path> walk = Files.walk(directory)) {
                walk.filter(p -> !p.equals(directory))
                        .forEach(p -> sorted.put(directory.relativize(p).toString(), p));
            } catch (IOException e) {
                throw new UncheckedIOException("walking " + directory, e);
            }
            String base = clean(prefix);
            sorted.forEach((rel, p) -> {
                String path = base.isEmpty() ? rel : base + "/" + rel;
                try {
                    if (Files.isSymbolicLink(p)) {
                        symlink(path, Files.readSymbolicLink(p).toString());
                    } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        directory(path, mode(p));
                    } else {
                        file(path, p, mode(p));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("reading " + p, e);
                }
            });
            return this;
        }

        private static int mode(Path p) throws IOException {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission perm : perms) {
                mode |= 1 << (8 - perm.ordinal());
            }
            return mode;
        }

        private static String clean(String path) {
            String p = path;
            while (p.startsWith("/")) {
                p = p.substring(1);
            }
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            return p;
        }

        public Layer build(Compression compression) {
            byte[] tar = TarWriter.bytes(t -> {
                for (Entry e : entries) {
                    t.entry(e.path(), e.type(), e.mode(), e.uid(), e.gid(), e.link(), e.content());
                }
                t.finish();
            });
            String diffId = OciDocuments.sha256(tar);
            if (compression == Compression.NONE) {
                return new Layer(blob(Descriptor.OCI_LAYER, tar), diffId);
            }
            ByteArrayOutputStream gz = new ByteArrayOutputStream(tar.length / 2 + 64);
            int level = compression == Compression.GZIP_FAST ? Deflater.BEST_SPEED : Deflater.DEFAULT_COMPRESSION;
            try (GZIPOutputStream out = new GZIPOutputStream(gz, 64 * 1024) {
                {
                    def.setLevel(level);
                }
            }) {
                out.write(tar);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Layer(blob(Descriptor.OCI_LAYER_GZIP, gz.toByteArray()), diffId);
        }
    }

    /** Config and manifest of one image. */
    public static final class ImageBuilder {
        private final List<Layer> layers = new ArrayList<>();
        private List<String> entrypoint = List.of();
        private List<String> cmd = List.of();
        private final List<String> env = new ArrayList<>();
        private String user = "";
        private String workingDir = "";
        private String stopSignal = "";
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<String> volumes = new ArrayList<>();
        private String os = "linux";
        private String architecture = "amd64";
        private String variant = "";
        private boolean docker;

        private ImageBuilder() {}

        public ImageBuilder layer(Layer layer) {
            layers.add(layer);
            return this;
        }

        public ImageBuilder entrypoint(String... args) {
            entrypoint = List.of(args);
            return this;
        }

        public ImageBuilder cmd(String... args) {
            cmd = List.of(args);
            return this;
        }

        public ImageBuilder env(String keyValue) {
            env.add(keyValue);
            return this;
        }

        public ImageBuilder user(String user) {
            this.user = user;
            return this;
        }

        public ImageBuilder workingDir(String dir) {
            this.workingDir = dir;
            return this;
        }

        public ImageBuilder stopSignal(String signal) {
            this.stopSignal = signal;
            return this;
        }

        public ImageBuilder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public ImageBuilder volume(String path) {
            volumes.add(path);
            return this;
        }

        public ImageBuilder platform(String os, String architecture, String variant) {
            this.os = os;
            this.architecture = architecture;
            this.variant = variant;
            return this;
        }

        /** Docker schema2 media types instead of OCI's. */
        public ImageBuilder docker(boolean docker) {
            this.docker = docker;
            return this;
        }

        public BuiltImage build() {
            Blob configBlob = blob(
                    docker ? Descriptor.DOCKER_CONFIG : Descriptor.OCI_CONFIG,
                    Json.write(configDocument()).getBytes(StandardCharsets.UTF_8));
            List<Layer> typed = layers.stream().map(this::typed).toList();
            List<Object> layerJson = new ArrayList<>();
            for (Layer l : typed) {
                layerJson.add(descriptorJson(l.blob().descriptor()));
            }
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("schemaVersion", 2);
            String mediaType = docker ? Descriptor.DOCKER_MANIFEST : Descriptor.OCI_MANIFEST;
            manifest.put("mediaType", mediaType);
            manifest.put("config", descriptorJson(configBlob.descriptor()));
            manifest.put("layers", layerJson);
            Blob manifestBlob = blob(mediaType, Json.write(manifest).getBytes(StandardCharsets.UTF_8));
            return new BuiltImage(configBlob, manifestBlob, typed, os, architecture, variant);
        }

        /** {@code l} with the media type its manifest gives it: Docker's for a gzip layer of a Docker image. */
        private Layer typed(Layer l) {
            Descriptor d = l.blob().descriptor();
            String mediaType = docker && d.mediaType().equals(Descriptor.OCI_LAYER_GZIP)
                    ? Descriptor.DOCKER_LAYER_GZIP
                    : d.mediaType();
            return new Layer(
                    new Blob(
                            new Descriptor(mediaType, d.digest(), d.size()),
                            l.blob().bytes()),
                    l.diffId());
        }

        /** The image config document: platform, run config and the layers' diff IDs. */
        private Map<String, Object> configDocument() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("created", "1970-01-01T00:00:00Z");
            doc.put("architecture", architecture);
            if (!variant.isEmpty()) {
                doc.put("variant", variant);
            }
            doc.put("os", os);
            doc.put("config", runConfig());
            // in a fixed order (Map.of's changes from one JVM run to the next, and so would the image ID)
            Map<String, Object> rootfs = new LinkedHashMap<>();
            rootfs.put("type", "layers");
            rootfs.put("diff_ids", layers.stream().map(Layer::diffId).toList());
            doc.put("rootfs", rootfs);
            return doc;
        }

        /** The config's {@code config} object: only what was set. */
        private Map<String, Object> runConfig() {
            Map<String, Object> config = new LinkedHashMap<>();
            putUnlessEmpty(config, "User", user);
            if (!env.isEmpty()) {
                config.put("Env", env);
            }
            if (!entrypoint.isEmpty()) {
                config.put("Entrypoint", entrypoint);
            }
            if (!cmd.isEmpty()) {
                config.put("Cmd", cmd);
            }
            putUnlessEmpty(config, "WorkingDir", workingDir);
            if (!labels.isEmpty()) {
                config.put("Labels", labels);
            }
            putUnlessEmpty(config, "StopSignal", stopSignal);
            if (!volumes.isEmpty()) {
                Map<String, Object> v = new LinkedHashMap<>();
                volumes.forEach(p -> v.put(p, Map.of()));
                config.put("Volumes", v);
            }
            return config;
        }

        private static void putUnlessEmpty(Map<String, Object> map, String key, String value) {
            if (!value.isEmpty()) {
                map.put(key, value);
            }
        }
    }
}
