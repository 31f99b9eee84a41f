package io.jcri.adapters.containerd.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.adapters.containerd.oci.OciImageBuilder.BuiltImage;
import io.jcri.adapters.containerd.oci.OciImageBuilder.Compression;
import io.jcri.adapters.containerd.oci.OciImageBuilder.Layer;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageConfig;
import io.jcri.domain.image.Platform;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciImageBuilderTest {
    static Layer layer(Compression c) {
        return OciImageBuilder.layer()
                .directory("bin", 0755)
                .file("bin/hello", "#!/bin/sh\necho hi\n", 0755)
                .symlink("bin/sh", "hello")
                .owner(1000, 1000)
                .file("home/app/" + "d".repeat(120) + "/long-name-" + "n".repeat(110), "x", 0644)
                .build(c);
    }

    @Test
    void layersAreDeterministicAndDiffIdIsTheTarDigest() throws Exception {
        Layer a = layer(Compression.GZIP);
        Layer b = layer(Compression.GZIP);
        assertThat(a.blob().bytes()).isEqualTo(b.blob().bytes());
        assertThat(a.blob().descriptor().mediaType()).isEqualTo(Descriptor.OCI_LAYER_GZIP);
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(a.blob().bytes())).readAllBytes();
        assertThat(OciDocuments.sha256(tar)).isEqualTo(a.diffId());
        assertThat(layer(Compression.NONE).diffId()).isEqualTo(a.diffId());
        assertThat(a.blob().descriptor().digest())
                .isEqualTo(OciDocuments.sha256(a.blob().bytes()));
    }

    @Test
    void systemTarReadsWhatWeWrite(@TempDir Path dir) throws Exception {
        Path tar = dir.resolve("layer.tar");
        Files.write(tar, layer(Compression.NONE).blob().bytes());
        Process p = new ProcessBuilder("tar", "-tvf", tar.toString())
                .redirectErrorStream(true)
                .start();
        String listing = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(listing).isZero();
        assertThat(listing)
                .contains("bin/hello")
                .contains("bin/sh -> hello")
                .contains("1000/1000")
                .contains("/long-name-" + "n".repeat(110));
        Path out = Files.createDirectory(dir.resolve("x"));
        Process x = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", out.toString()).start();
        assertThat(x.waitFor()).isZero();
        assertThat(Files.readString(out.resolve("bin/hello"))).contains("echo hi");
        assertThat(Files.isExecutable(out.resolve("bin/hello"))).isTrue();
    }

    @Test
    void manifestConfigAndIndexParseBack() {
        Layer l = layer(Compression.GZIP);
        for (boolean docker : new boolean[] {false, true}) {
            BuiltImage img = OciImageBuilder.image()
                    .layer(l)
                    .user("1000:1000")
                    .entrypoint("/bin/sh")
                    .cmd("-c", "true")
                    .env("PATH=/bin")
                    .workingDir("/home/app")
                    .label("a", "b")
                    .volume("/data")
                    .stopSignal("SIGTERM")
                    .docker(docker)
                    .build();
            OciDocuments.Manifest m = OciDocuments.manifest(img.manifest().bytes());
            assertThat(m.config()).isEqualTo(img.config().descriptor());
            assertThat(m.layers())
                    .extracting(Descriptor::digest)
                    .containsExactly(l.blob().descriptor().digest());
            assertThat(m.layers().get(0).mediaType())
                    .isEqualTo(docker ? Descriptor.DOCKER_LAYER_GZIP : Descriptor.OCI_LAYER_GZIP);
            assertThat(OciDocuments.mediaType(img.manifest().bytes(), "text/plain"))
                    .isEqualTo(docker ? Descriptor.DOCKER_MANIFEST : Descriptor.OCI_MANIFEST);
            ImageConfig c = OciDocuments.config(img.config().bytes());
            assertThat(c.user()).isEqualTo("1000:1000");
            assertThat(c.entrypoint()).containsExactly("/bin/sh");
            assertThat(c.cmd()).containsExactly("-c", "true");
            assertThat(c.env()).containsExactly("PATH=/bin");
            assertThat(c.workingDir()).isEqualTo("/home/app");
            assertThat(c.labels()).containsEntry("a", "b");
            assertThat(c.volumes()).containsExactly("/data");
            assertThat(c.stopSignal()).isEqualTo("SIGTERM");
            assertThat(c.diffIds()).containsExactly(l.diffId());

            BuiltImage arm = OciImageBuilder.image()
                    .layer(l)
                    .platform("linux", "arm64", "v8")
                    .docker(docker)
                    .build();
            OciImageBuilder.Blob index = OciImageBuilder.index(List.of(arm, img), docker);
            assertThat(index.descriptor().isIndex()).isTrue();
            List<OciDocuments.Entry> entries = OciDocuments.index(index.bytes());
            assertThat(OciDocuments.select(entries, new Platform("linux", "amd64", ""), "x")
                            .descriptor())
                    .isEqualTo(img.manifest().descriptor());
            assertThat(OciDocuments.select(entries, new Platform("linux", "arm64", "v8"), "x")
                            .descriptor())
                    .isEqualTo(arm.manifest().descriptor());
        }
    }

    @Test
    void imageDocumentsAreByteForByteStable() {
        Layer gzip = layer(Compression.GZIP);
        Layer plain = layer(Compression.NONE);
        for (boolean docker : new boolean[] {false, true}) {
            BuiltImage img = OciImageBuilder.image()
                    .layer(gzip)
                    .layer(plain)
                    .user("1000:1000")
                    .entrypoint("/bin/sh")
                    .cmd("-c", "true")
                    .env("PATH=/bin")
                    .workingDir("/home/app")
                    .label("a", "b")
                    .volume("/data")
                    .stopSignal("SIGTERM")
                    .platform("linux", "arm", "v7")
                    .docker(docker)
                    .build();
            String layers = "[{\"mediaType\":\""
                    + (docker ? Descriptor.DOCKER_LAYER_GZIP : Descriptor.OCI_LAYER_GZIP) + "\",\"digest\":\""
                    + gzip.blob().descriptor().digest() + "\",\"size\":"
                    + gzip.blob().bytes().length
                    + "},{\"mediaType\":\"" + Descriptor.OCI_LAYER + "\",\"digest\":\""
                    + plain.blob().descriptor().digest() + "\",\"size\":"
                    + plain.blob().bytes().length + "}]";
            String config = "{\"created\":\"1970-01-01T00:00:00Z\",\"architecture\":\"arm\",\"variant\":\"v7\","
                    + "\"os\":\"linux\",\"config\":{\"User\":\"1000:1000\",\"Env\":[\"PATH=/bin\"],"
                    + "\"Entrypoint\":[\"/bin/sh\"],\"Cmd\":[\"-c\",\"true\"],\"WorkingDir\":\"/home/app\","
                    + "\"Labels\":{\"a\":\"b\"},\"StopSignal\":\"SIGTERM\",\"Volumes\":{\"/data\":{}}},\"rootfs\":";
            String diffIds = "\"diff_ids\":[\"" + gzip.diffId() + "\",\"" + plain.diffId() + "\"]";
            assertThat(new String(img.config().bytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(config + "{\"type\":\"layers\"," + diffIds + "}}");
            assertThat(new String(img.manifest().bytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("{\"schemaVersion\":2,\"mediaType\":\""
                            + (docker ? Descriptor.DOCKER_MANIFEST : Descriptor.OCI_MANIFEST) + "\",\"config\":{"
                            + "\"mediaType\":\"" + (docker ? Descriptor.DOCKER_CONFIG : Descriptor.OCI_CONFIG)
                            + "\",\"digest\":\"" + img.config().descriptor().digest() + "\",\"size\":"
                            + img.config().bytes().length + "},\"layers\":" + layers + "}");
            assertThat(img.layers())
                    .extracting(l -> l.blob().descriptor().mediaType())
                    .containsExactly(
                            docker ? Descriptor.DOCKER_LAYER_GZIP : Descriptor.OCI_LAYER_GZIP, Descriptor.OCI_LAYER);
            assertThat(img.layers()).extracting(Layer::diffId).containsExactly(gzip.diffId(), plain.diffId());
            assertThat(img.layers().get(0).blob().bytes()).isEqualTo(gzip.blob().bytes());
        }
    }
}
