package io.jcri.adapters.containerd.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jcri.adapters.containerd.oci.OciDocuments;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.image.ImageReference;
import io.jcri.domain.image.Platform;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.ports.out.ImageRegistry.RemoteImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against a local HTTP registry that misbehaves: a layer larger than its
 * descriptor, a manifest that does not hash to the sha512 digest it was asked for, and the
 * redirect policy (https never to http).
 */
class HttpImageRegistryLimitsTest {
    @TempDir
    Path dir;

    HttpServer server;
    final Map<String, byte[]> paths = new ConcurrentHashMap<>();
    HttpImageRegistry registry;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::serve);
        server.start();
        Files.createDirectories(dir.resolve("reg.test"));
        Files.writeString(
                dir.resolve("reg.test/hosts.toml"),
                "server = \"http://127.0.0.1:" + server.getAddress().getPort() + "\"\n");
        registry = new HttpImageRegistry(dir, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange x) throws IOException {
        byte[] body = paths.get(x.getRequestURI().getPath());
        if (body == null) {
            x.sendResponseHeaders(404, -1);
            x.close();
            return;
        }
        if (x.getRequestURI().getPath().contains("/manifests/")) {
            x.getResponseHeaders().add("Content-Type", Descriptor.OCI_MANIFEST);
        }
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes an image of one layer whose descriptor says {@code declaredSize}; returns the manifest. */
    byte[] publish(byte[] layer, long declaredSize) {
        String layerDigest = OciDocuments.sha256(layer);
        byte[] config = utf8("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layerDigest + "\"]}}");
        String configDigest = OciDocuments.sha256(config);
        byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":\"" + Descriptor.OCI_MANIFEST + "\","
                + "\"config\":{\"mediaType\":\"" + Descriptor.OCI_CONFIG + "\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},"
                + "\"layers\":[{\"mediaType\":\"" + Descriptor.OCI_LAYER + "\",\"digest\":\"" + layerDigest
                + "\",\"size\":" + declaredSize + "}]}");
        paths.put("/v2/app/blobs/" + configDigest, config);
        paths.put("/v2/app/blobs/" + layerDigest, layer);
        paths.put("/v2/app/manifests/1", manifest);
        paths.put("/v2/app/manifests/" + OciDocuments.digest("sha512", manifest), manifest);
        return manifest;
    }

    RemoteImage resolve(String reference) {
        return registry.resolve(ImageReference.parse(reference), RegistryAuth.NONE, new Platform("linux", "amd64", ""));
    }

    @Test
    void layerLargerThanItsDescriptorIsAbortedNamingItsDigest() throws IOException {
        byte[] layer = new byte[2 << 20];
        publish(layer, 1000);
        RemoteImage image = resolve("reg.test/app:1");
        Descriptor declared = image.layers().get(0);
        assertThat(declared.size()).isEqualTo(1000);
        try (InputStream in =
                registry.openBlob(ImageReference.parse("reg.test/app:1"), RegistryAuth.NONE, declared, 0)) {
            byte[] buffer = new byte[64 * 1024];
            assertThatThrownBy(() -> {
                        while (in.read(buffer) >= 0) {
                            // read on until the cap
                        }
                    })
                    .isInstanceOf(JcriException.InvalidArgument.class)
                    .hasMessageContaining(declared.digest())
                    .hasMessageContaining("more than the 1000 bytes its descriptor declares");
        }
    }

    @Test
    void layerOfItsDeclaredSizeReadsWholeAlsoWhenResumed() throws IOException {
        byte[] layer = utf8("exactly this layer");
        publish(layer, layer.length);
        Descriptor d = resolve("reg.test/app:1").layers().get(0);
        ImageReference ref = ImageReference.parse("reg.test/app:1");
        try (InputStream in = registry.openBlob(ref, RegistryAuth.NONE, d, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(layer);
        }
        try (InputStream in = registry.openBlob(ref, RegistryAuth.NONE, d, 8)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("this layer");
        }
    }

    @Test
    void sha512ReferenceIsCheckedAgainstTheManifestBytes() {
        byte[] manifest = publish(utf8("layer"), 5);
        String good = OciDocuments.digest("sha512", manifest);
        RemoteImage image = resolve("reg.test/app@" + good);
        assertThat(image.manifest().descriptor().digest()).isEqualTo(good);
        assertThat(image.manifest().bytes()).isEqualTo(manifest);

        String wanted = OciDocuments.digest("sha512", utf8("some other manifest"));
        paths.put("/v2/app/manifests/" + wanted, manifest); // the registry answers with the wrong document
        assertThatThrownBy(() -> resolve("reg.test/app@" + wanted))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("content digest " + good + " does not match " + wanted);
    }

    @Test
    void sha256ReferenceIsStillChecked() {
        byte[] manifest = publish(utf8("layer"), 5);
        String wanted = OciDocuments.sha256(utf8("not it"));
        paths.put("/v2/app/manifests/" + wanted, manifest);
        assertThatThrownBy(() -> resolve("reg.test/app@" + wanted))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("does not match " + wanted);
    }

    @Test
    void redirectFromHttpsToHttpIsRefused() {
        URI from = URI.create("https://registry.example/v2/app/blobs/sha256:abc");
        assertThatThrownBy(() -> RegistryTransport.redirect(
                        from, "http://cdn.example/blob?sig=secret", "registry.example", "image app:1 layer x"))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("image app:1 layer x: registry.example redirected from " + from)
                .hasMessageContaining("to http://cdn.example/blob")
                .hasMessageNotContaining("secret")
                .hasMessageContaining("from https to plain http is refused");
        assertThat(RegistryTransport.redirect(from, "https://cdn.example/b", "registry.example", "x"))
                .isEqualTo(URI.create("https://cdn.example/b"));
        assertThat(RegistryTransport.redirect(from, "/v2/other", "registry.example", "x"))
                .isEqualTo(URI.create("https://registry.example/v2/other"));
        URI plain = URI.create("http://127.0.0.1:5000/v2/app/blobs/sha256:abc");
        assertThat(RegistryTransport.redirect(plain, "http://127.0.0.1:5001/b", "127.0.0.1:5000", "x"))
                .isEqualTo(URI.create("http://127.0.0.1:5001/b"));
        assertThatThrownBy(() -> RegistryTransport.redirect(from, null, "registry.example", "x"))
                .hasMessageContaining("redirected without a Location");
    }

    @Test
    void redirectOnPlainHttpIsFollowed() {
        publish(utf8("layer"), 5);
        server.createContext("/v2/moved/", x -> {
            x.getResponseHeaders().add("Location", x.getRequestURI().getPath().replace("/v2/moved/", "/v2/app/"));
            x.sendResponseHeaders(307, -1);
            x.close();
        });
        assertThat(resolve("reg.test/moved:1").layers()).hasSize(1);
    }
}
