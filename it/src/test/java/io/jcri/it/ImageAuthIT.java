package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jcri.adapters.containerd.oci.OciImageBuilder;
import io.jcri.adapters.containerd.oci.OciImageBuilder.BuiltImage;
import io.jcri.cri.v1.AuthConfig;
import io.jcri.cri.v1.Image;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.ImageStatusRequest;
import io.jcri.cri.v1.ListImagesRequest;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RemoveImageRequest;
import io.jcri.it.fixtures.BlobRedirectingFront;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestImages;
import io.jcri.it.fixtures.TokenServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pulls with credentials: a mirror behind htpasswd (Basic), configured through hosts.toml for an
 * upstream name that does not resolve, and a registry behind a token server (Bearer).
 */
class ImageAuthIT {
    static final String UPSTREAM = "registry.jcri.test";
    static final String SECRET = "s3cret-Pa55";
    static ContainerdFixture containerd;
    static RegistryFixture mirror;
    static TokenServer tokens;
    static RegistryFixture tokenRegistry;
    static JcriFixture jcri;
    static BuiltImage app;
    static BuiltImage redirected;
    static BlobRedirectingFront front;

    @BeforeAll
    static void start() {
        mirror = RegistryFixture.htpasswd("puller", SECRET);
        app = TestImages.busybox("1000", "mirrored", false);
        mirror.pusher().push("team/app", "1.0", app);
        tokens = new TokenServer("tokenuser", SECRET);
        tokenRegistry = RegistryFixture.token(tokens);
        tokenRegistry.pusher().push("team/tokenapp", "1.0", app);
        redirected = OciImageBuilder.image()
                .layer(TestImages.randomLayer("data/a", 300_000, 424_242))
                .layer(TestImages.randomLayer("data/b", 300_000, 424_243))
                .cmd("sh")
                .build();
        mirror.pusher().push("team/redirected", "1.0", redirected);
        front = new BlobRedirectingFront(mirror);
        containerd = ContainerdFixture.start();
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd);
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), front.host(), front.host());
        RegistryHostsFiles.write(
                b.dir().resolve("certs.d"),
                UPSTREAM,
                "server = \"https://" + UPSTREAM + "\"\n\n[host.\"http://" + mirror.host() + "\"]\n"
                        + "  capabilities = [\"pull\", \"resolve\"]\n");
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), tokenRegistry.host(), tokenRegistry.host());
        jcri = b.start();
    }

    @AfterAll
    static void stop() {
        Teardown.close(jcri, containerd, front, mirror, tokenRegistry, tokens);
    }

    static ImageSpec spec(String ref) {
        return ImageSpec.newBuilder().setImage(ref).build();
    }

    static String pull(String ref, AuthConfig auth) {
        PullImageRequest.Builder r = PullImageRequest.newBuilder().setImage(spec(ref));
        if (auth != null) {
            r.setAuth(auth);
        }
        return jcri.images().pullImage(r.build()).getImageRef();
    }

    @Test
    void podImageFromAMirrorWithBasicAuthIsPulledListedInspectedAndRemoved() {
        String ref = UPSTREAM + "/team/app:1.0";
        String id = pull(
                ref,
                AuthConfig.newBuilder()
                        .setUsername("puller")
                        .setPassword(SECRET)
                        .build());
        assertThat(id).isEqualTo(app.id());
        assertThat(jcri.images()
                        .listImages(ListImagesRequest.getDefaultInstance())
                        .getImagesList())
                .flatExtracting(Image::getRepoTagsList)
                .contains(ref);
        Image image = jcri.images()
                .imageStatus(ImageStatusRequest.newBuilder().setImage(spec(ref)).build())
                .getImage();
        assertThat(image.getId()).isEqualTo(app.id());
        assertThat(image.getUid().getValue()).isEqualTo(1000);
        jcri.images()
                .removeImage(RemoveImageRequest.newBuilder().setImage(spec(ref)).build());
        assertThat(jcri.images()
                        .imageStatus(ImageStatusRequest.newBuilder()
                                .setImage(spec(ref))
                                .build())
                        .hasImage())
                .isFalse();

        String auth = Base64.getEncoder().encodeToString(("puller:" + SECRET).getBytes(StandardCharsets.UTF_8));
        assertThat(pull(ref, AuthConfig.newBuilder().setAuth(auth).build())).isEqualTo(app.id());
    }

    @Test
    void badOrMissingCredentialsAreAClearAuthenticationError() {
        String ref = UPSTREAM + "/team/app:1.0";
        assertThatThrownBy(() -> pull(
                        ref,
                        AuthConfig.newBuilder()
                                .setUsername("puller")
                                .setPassword("wrong-Pa55word")
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getDescription())
                            .contains("authentication failed")
                            .contains(mirror.host())
                            .doesNotContain("wrong-Pa55word");
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                });
        assertThatThrownBy(() -> pull(tokenRegistry.host() + "/team/tokenapp:1.0", null))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription())
                                .contains("authentication failed")
                                .contains("no credentials were given"));
        assertThatThrownBy(() -> pull(
                        tokenRegistry.host() + "/team/tokenapp:1.0",
                        AuthConfig.newBuilder()
                                .setUsername("tokenuser")
                                .setPassword("not-" + SECRET)
                                .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription())
                                .contains("credentials were rejected")
                                .doesNotContain("not-" + SECRET));
    }

    @Test
    void bearerTokenFlowAgainstTheTokenServer() {
        int before = tokens.granted.get();
        String ref = tokenRegistry.host() + "/team/tokenapp:1.0";
        String id = pull(
                ref,
                AuthConfig.newBuilder()
                        .setUsername("tokenuser")
                        .setPassword(SECRET)
                        .build());
        assertThat(id).isEqualTo(app.id());
        assertThat(tokens.granted.get()).isGreaterThan(before);
        assertThat(jcri.images()
                        .imageStatus(ImageStatusRequest.newBuilder()
                                .setImage(spec(ref))
                                .build())
                        .getImage()
                        .getRepoTagsList())
                .contains(ref);
    }

    @Test
    void blobsRedirectedToAnotherHostAreFetchedThereWithoutTheCredentials() {
        String ref = front.host() + "/team/redirected:1.0";
        String id = pull(
                ref,
                AuthConfig.newBuilder()
                        .setUsername("puller")
                        .setPassword(SECRET)
                        .build());
        assertThat(id).isEqualTo(redirected.id());
        assertThat(front.frontAuthorizations()).anyMatch(a -> a != null && a.startsWith("Basic "));
        assertThat(front.cdnRequests())
                .extracting(BlobRedirectingFront.CdnRequest::digest)
                .contains(redirected.layers().get(0).blob().descriptor().digest())
                .contains(redirected.layers().get(1).blob().descriptor().digest())
                .contains(redirected.id());
        assertThat(front.cdnRequests())
                .extracting(BlobRedirectingFront.CdnRequest::authorization)
                .containsOnlyNulls();
    }
}
