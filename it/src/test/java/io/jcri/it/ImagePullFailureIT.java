package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jcri.adapters.containerd.oci.OciImageBuilder;
import io.jcri.adapters.containerd.oci.OciImageBuilder.BuiltImage;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.ImageStatusRequest;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.TcpProxy;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestImages;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pulls that fail part-way: a registry that stalls, and one that goes away. Neither leaves an image behind. */
class ImagePullFailureIT {
    static ContainerdFixture containerd;
    static RegistryFixture registry;
    static TcpProxy proxy;
    static JcriFixture jcri;

    @BeforeAll
    static void start() {
        registry = RegistryFixture.open();
        proxy = new TcpProxy(registry.port());
        containerd = ContainerdFixture.start();
        JcriFixture.Builder b =
                JcriFixture.builder().containerd(containerd).property("jcri.image.pull-progress-timeout", "3s");
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), proxy.host(), proxy.host());
        jcri = b.start();
    }

    @AfterAll
    static void stop() {
        Teardown.close(jcri, containerd, proxy, registry);
    }

    static BuiltImage image(long seed) {
        return OciImageBuilder.image()
                .layer(TestImages.etcLayer())
                .layer(TestImages.randomLayer("data/blob", 4_000_000, seed))
                .build();
    }

    static String pull(String ref) {
        return jcri.images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(ref))
                        .build())
                .getImageRef();
    }

    static void assertNoImage(String ref) {
        assertThat(jcri.images()
                        .imageStatus(ImageStatusRequest.newBuilder()
                                .setImage(ImageSpec.newBuilder().setImage(ref))
                                .build())
                        .hasImage())
                .isFalse();
        assertThat(containerd.ctr("k8s.io", "images", "ls", "-q"))
                .doesNotContain(ref.substring(0, ref.indexOf(':', 10)));
        assertThat(containerd.ctr("k8s.io", "leases", "ls"))
                .as("only the failed pull's retained downloads are held")
                .doesNotContain("purpose=pull ");
    }

    @Test
    void aPullThatMovesNoBytesIsCancelledAndTheNextOneResumes() {
        BuiltImage image = image(7);
        registry.pusher().push("stall/app", "1", image);
        String ref = proxy.host() + "/stall/app:1";
        proxy.stallAfter(2_500_000); // past two of jcri's 1 MiB writes into containerd
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> pull(ref)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                assertThat(e.getStatus().getDescription())
                        .contains(ref)
                        .contains("no bytes moved for 3s")
                        .contains("jcri.image.pull-progress-timeout");
            });
        } finally {
            proxy.release();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertNoImage(ref);

        long before = proxy.downstreamBytes();
        assertThat(pull(ref)).isEqualTo(image.id());
        long layer = image.layers().get(1).blob().descriptor().size();
        assertThat(proxy.downstreamBytes() - before)
                .as("the second pull resumes the partly downloaded layer")
                .isLessThan(layer);
    }

    @Test
    void aRegistryStoppedMidPullLeavesNoImageRecord() throws Exception {
        BuiltImage image = image(8);
        registry.pusher().push("gone/app", "1", image);
        String ref = proxy.host() + "/gone/app:1";
        proxy.stallAfter(1_000_000);
        CompletableFuture<String> pull = CompletableFuture.supplyAsync(() -> pull(ref));
        Await.until(Duration.ofSeconds(20), "the pull to be mid-download", proxy::stalled);
        registry.stop();
        proxy.cutAll();
        try {
            assertThatThrownBy(() -> pull.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                        assertThat(e.getStatus().getDescription()).contains(proxy.host());
                    });
            assertNoImage(ref);
        } finally {
            proxy.release();
            registry.start();
        }
        assertThat(pull(ref)).isEqualTo(image.id());
    }
}
