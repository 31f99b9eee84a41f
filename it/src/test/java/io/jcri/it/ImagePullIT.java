package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jcri.adapters.containerd.oci.OciImageBuilder;
import io.jcri.adapters.containerd.oci.OciImageBuilder.BuiltImage;
import io.jcri.cri.v1.Image;
import io.jcri.cri.v1.ImageFilter;
import io.jcri.cri.v1.ImageFsInfoRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.ImageStatusRequest;
import io.jcri.cri.v1.ImageStatusResponse;
import io.jcri.cri.v1.ListImagesRequest;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RemoveImageRequest;
import io.jcri.domain.image.ChainIds;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.TcpProxy;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestImages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pulls from a real registry (Debian's docker-registry) into a real containerd, through jcri's CRI socket. */
class ImagePullIT {
    static ContainerdFixture containerd;
    static RegistryFixture registry;
    static TcpProxy proxy;
    static JcriFixture jcri;
    static String host;
    static BuiltImage app;
    static BuiltImage pause;

    @BeforeAll
    static void start() {
        registry = RegistryFixture.open();
        proxy = new TcpProxy(registry.port());
        host = registry.host();
        app = TestImages.busybox("1000:1000", "app-v1", false);
        registry.pusher().push("test/app", "v1", app);
        pause = TestImages.busybox("65535", "pause", false);
        registry.pusher().push("test/pause", "1", pause);
        containerd = ContainerdFixture.start();
        JcriFixture.Builder b =
                JcriFixture.builder().containerd(containerd).property("jcri.sandbox-image", host + "/test/pause:1");
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), host, host);
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), proxy.host(), proxy.host());
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), "127.0.0.1:1", "127.0.0.1:1");
        jcri = b.start();
    }

    @AfterAll
    static void stop() {
        Teardown.close(jcri, containerd, proxy, registry);
    }

    static ImageSpec spec(String ref) {
        return ImageSpec.newBuilder().setImage(ref).build();
    }

    static String pull(String ref) {
        return jcri.images()
                .pullImage(PullImageRequest.newBuilder().setImage(spec(ref)).build())
                .getImageRef();
    }

    static ImageStatusResponse status(String ref, boolean verbose) {
        return jcri.images()
                .imageStatus(ImageStatusRequest.newBuilder()
                        .setImage(spec(ref))
                        .setVerbose(verbose)
                        .build());
    }

    static long usedBytes() {
        return jcri.images()
                .imageFsInfo(ImageFsInfoRequest.getDefaultInstance())
                .getImageFilesystems(0)
                .getUsedBytes()
                .getValue();
    }

    @Test
    void pullsAMultiLayerImageIntoContainerdAndReportsIt() {
        String ref = host + "/test/app:v1";
        String id = pull(ref);
        assertThat(id).isEqualTo(app.id());

        ImageStatusResponse st = status(ref, true);
        Image image = st.getImage();
        assertThat(image.getId()).isEqualTo(app.id());
        assertThat(image.getRepoTagsList()).containsExactly(ref);
        assertThat(image.getRepoDigestsList())
                .containsExactly(
                        host + "/test/app@" + app.manifest().descriptor().digest());
        assertThat(image.getUid().getValue()).isEqualTo(1000);
        assertThat(image.getUsername()).isEmpty();
        assertThat(image.getPinned()).isFalse();
        long layerBytes = app.layers().stream()
                .mapToLong(l -> l.blob().descriptor().size())
                .sum();
        assertThat(image.getSize()).isGreaterThan(layerBytes);
        assertThat(st.getInfoMap().get("info"))
                .contains("\"User\":\"1000:1000\"")
                .contains("app-v1");

        String ctrImages = containerd.ctr("k8s.io", "images", "ls");
        assertThat(ctrImages).contains(ref).contains("io.jcri.image=managed");
        String chain = ChainIds.top(
                app.layers().stream().map(OciImageBuilder.Layer::diffId).toList());
        assertThat(containerd.ctr("k8s.io", "snapshots", "ls")).contains(chain);
        assertThat(containerd.ctr("k8s.io", "leases", "ls"))
                .as("no running pull's lease is left")
                .doesNotContain("purpose=pull ");
        assertThat(usedBytes()).as("the unpacked layers count in ImageFsInfo").isGreaterThan(1_000_000);

        assertThat(jcri.images()
                        .listImages(ListImagesRequest.newBuilder()
                                .setFilter(ImageFilter.newBuilder().setImage(spec(ref)))
                                .build())
                        .getImagesList())
                .extracting(Image::getId)
                .containsExactly(app.id());
    }

    @Test
    void sandboxImageIsPinnedAndNamesCanBeIdTagOrDigest() {
        String id = pull(host + "/test/pause:1");
        assertThat(status(id, false).getImage().getPinned()).isTrue();
        assertThat(status(id, false).getImage().getUid().getValue()).isEqualTo(65535);
        assertThat(status(host + "/test/pause@" + pause.manifest().descriptor().digest(), false)
                        .getImage()
                        .getId())
                .isEqualTo(id);
    }

    @Test
    void indexAndManifestListPickTheAmd64Manifest() {
        for (boolean docker : new boolean[] {false, true}) {
            String tag = docker ? "list" : "index";
            BuiltImage amd = TestImages.busybox("", "amd64-" + tag, docker);
            BuiltImage arm = TestImages.busybox("", "arm64-" + tag, docker, "arm64", "v8");
            OciImageBuilder.Blob index = OciImageBuilder.index(List.of(arm, amd), docker);
            registry.pusher().pushIndex("test/multi", tag, List.of(arm, amd), index);
            String ref = host + "/test/multi:" + tag;
            assertThat(pull(ref)).isEqualTo(amd.id());
            Image image = status(ref, false).getImage();
            assertThat(image.getRepoDigestsList())
                    .containsExactly(host + "/test/multi@" + index.descriptor().digest());
            assertThat(image.hasUid()).isFalse();
            assertThat(image.getUsername()).isEmpty();
        }
    }

    @Test
    void digestReferencesPullTheDigest() {
        BuiltImage v2 = TestImages.busybox("app", "app-v2", true);
        String digest = registry.pusher().push("test/app", "v2", v2);
        String ref = host + "/test/app:v2@" + digest;
        assertThat(pull(ref)).isEqualTo(v2.id());
        Image image = status(host + "/test/app@" + digest, false).getImage();
        assertThat(image.getId()).isEqualTo(v2.id());
        assertThat(image.getUsername()).isEqualTo("app");
        assertThat(image.getRepoTagsList()).isEmpty();
    }

    @Test
    void registryAnswersBecomeCriErrors() {
        assertThatThrownBy(() -> pull(host + "/test/app:nope"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription())
                            .contains("MANIFEST_UNKNOWN")
                            .contains(host);
                });
        assertThatThrownBy(() -> pull(host + "/test/nothing:v1"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).contains("404").contains("test/nothing");
                });
        assertThatThrownBy(() -> pull("Bad/Ref:")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("Bad/Ref:");
        });
        assertThatThrownBy(() -> pull("127.0.0.1:1/test/app:v1"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription())
                            .contains("127.0.0.1:1")
                            .contains("unreachable");
                });
    }

    @Test
    void removeTakesEveryNameAndSucceedsWhenGone() {
        BuiltImage gone = TestImages.busybox("", "to-remove", false);
        registry.pusher().push("test/gone", "1", gone);
        String ref = host + "/test/gone:1";
        pull(ref);
        assertThat(containerd.ctr("k8s.io", "images", "ls", "-q")).contains(ref);
        jcri.images()
                .removeImage(RemoveImageRequest.newBuilder().setImage(spec(ref)).build());
        assertThat(status(ref, false).hasImage()).isFalse();
        assertThat(status(gone.id(), false).hasImage()).isFalse();
        assertThat(containerd.ctr("k8s.io", "images", "ls", "-q")).doesNotContain(host + "/test/gone");
        jcri.images()
                .removeImage(RemoveImageRequest.newBuilder().setImage(spec(ref)).build());
        jcri.images()
                .removeImage(RemoveImageRequest.newBuilder()
                        .setImage(spec(gone.id()))
                        .build());
    }

    @Test
    void threeTagsOfOneImageAreOneImageWithThreeRepoTagsAndRemovingItsIdTakesThemAll() {
        BuiltImage tagged = TestImages.busybox("", "three-tags", false);
        List<String> refs = new ArrayList<>();
        for (String tag : List.of("a", "b", "c")) {
            registry.pusher().push("test/tags", tag, tagged);
            refs.add(host + "/test/tags:" + tag);
            assertThat(pull(refs.get(refs.size() - 1))).isEqualTo(tagged.id());
        }
        List<Image> listed = jcri.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesList().stream()
                .filter(i -> i.getId().equals(tagged.id()))
                .toList();
        assertThat(listed)
                .singleElement()
                .satisfies(i -> assertThat(i.getRepoTagsList()).containsExactlyInAnyOrderElementsOf(refs));
        assertThat(listed.get(0).getRepoDigestsList())
                .singleElement()
                .asString()
                .startsWith(host + "/test/tags@sha256:");
        for (String name : List.of(refs.get(1), tagged.id(), listed.get(0).getRepoDigests(0))) {
            assertThat(status(name, false).getImage().getRepoTagsList())
                    .as(name)
                    .containsExactlyInAnyOrderElementsOf(refs);
        }
        jcri.images()
                .removeImage(RemoveImageRequest.newBuilder()
                        .setImage(spec(tagged.id()))
                        .build());
        for (String ref : refs) {
            assertThat(status(ref, false).hasImage()).as(ref).isFalse();
        }
        assertThat(containerd.ctr("k8s.io", "images", "ls", "-q")).doesNotContain(host + "/test/tags");
    }

    @Test
    void concurrentPullsOfOneImageShareOneDownload() throws Exception {
        BuiltImage big = OciImageBuilder.image()
                .layer(TestImages.busyboxLayer())
                .layer(TestImages.randomLayer("data/a", 2_000_000, 1))
                .layer(TestImages.randomLayer("data/b", 2_000_000, 2))
                .build();
        registry.pusher().push("test/shared", "1", big);
        long size = big.layers().stream()
                .skip(1)
                .mapToLong(l -> l.blob().descriptor().size())
                .sum();
        long before = proxy.downstreamBytes();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> pulls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                pulls.add(pool.submit(() -> pull(proxy.host() + "/test/shared:1")));
            }
            for (Future<String> f : pulls) {
                assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(big.id());
            }
        } finally {
            pool.shutdownNow();
        }
        long moved = proxy.downstreamBytes() - before;
        assertThat(moved).as("one download for four pulls").isBetween(size, size + size / 2);
    }

    @Test
    void imageFsInfoGrowsWhenAnImageIsPulled() {
        BuiltImage data = OciImageBuilder.image()
                .layer(TestImages.busyboxLayer())
                .layer(TestImages.randomLayer("data/fs", 3_000_000, 42))
                .build();
        registry.pusher().push("test/fs", "1", data);
        var before = jcri.images()
                .imageFsInfo(ImageFsInfoRequest.getDefaultInstance())
                .getImageFilesystems(0);
        pull(host + "/test/fs:1");
        var after = jcri.images()
                .imageFsInfo(ImageFsInfoRequest.getDefaultInstance())
                .getImageFilesystems(0);
        assertThat(after.getUsedBytes().getValue())
                .isGreaterThanOrEqualTo(before.getUsedBytes().getValue() + 3_000_000);
        assertThat(after.getInodesUsed().getValue())
                .isGreaterThan(before.getInodesUsed().getValue());
        assertThat(after.getFsId().getMountpoint())
                .startsWith(containerd.dir().toString())
                .endsWith("overlayfs");
        assertThat(after.getTimestamp()).isGreaterThan(before.getTimestamp());
    }

    @Test
    void imagesSurviveAJcriRestart() {
        String ref = host + "/test/app:v1";
        pull(ref);
        jcri.restart();
        assertThat(status(ref, false).getImage().getId()).isEqualTo(app.id());
        assertThat(jcri.images()
                        .listImages(ListImagesRequest.getDefaultInstance())
                        .getImagesList())
                .extracting(Image::getId)
                .contains(app.id());
    }
}
