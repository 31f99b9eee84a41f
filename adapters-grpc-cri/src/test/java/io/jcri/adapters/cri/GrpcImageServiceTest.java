package io.jcri.adapters.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.jcri.cri.v1.AuthConfig;
import io.jcri.cri.v1.Image;
import io.jcri.cri.v1.ImageFilter;
import io.jcri.cri.v1.ImageFsInfoRequest;
import io.jcri.cri.v1.ImageServiceGrpc;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.ImageStatusRequest;
import io.jcri.cri.v1.ImageStatusResponse;
import io.jcri.cri.v1.ListImagesRequest;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RemoveImageRequest;
import io.jcri.cri.v1.StreamImagesRequest;
import io.jcri.cri.v1.StreamImagesResponse;
import io.jcri.domain.image.Platform;
import io.jcri.ports.application.image.ImageManagementService;
import io.jcri.ports.fakes.FakeImageRegistry;
import io.jcri.ports.fakes.FakeImageStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrpcImageServiceTest {
    final FakeImageRegistry registry = new FakeImageRegistry();
    final FakeImageStore store = new FakeImageStore();
    Server server;
    ManagedChannel channel;
    ImageServiceGrpc.ImageServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        ImageManagementService service = new ImageManagementService(
                registry,
                store,
                new ImageManagementService.Settings(
                        3, Duration.ofSeconds(10), "registry.k8s.io/pause:3.10", new Platform("linux", "amd64", "")));
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(ServerInterceptors.intercept(new GrpcImageService(service), new CriCallInterceptor()))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        stub = ImageServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    static ImageSpec spec(String image) {
        return ImageSpec.newBuilder().setImage(image).build();
    }

    String pull(String ref) {
        return stub.pullImage(PullImageRequest.newBuilder().setImage(spec(ref)).build())
                .getImageRef();
    }

    @Test
    void pullStatusListStreamRemove() {
        registry.add("busybox:1", "1000:1000", "layer".getBytes(StandardCharsets.UTF_8));
        registry.add("registry.k8s.io/pause:3.10", "nobody", "pause".getBytes(StandardCharsets.UTF_8));
        String id = pull("busybox:1");
        pull("registry.k8s.io/pause:3.10");

        ImageStatusResponse status = stub.imageStatus(ImageStatusRequest.newBuilder()
                .setImage(spec("busybox:1"))
                .setVerbose(true)
                .build());
        Image image = status.getImage();
        assertThat(image.getId()).isEqualTo(id);
        assertThat(image.getRepoTagsList()).containsExactly("docker.io/library/busybox:1");
        assertThat(image.getRepoDigestsList())
                .singleElement()
                .asString()
                .startsWith("docker.io/library/busybox@sha256:");
        assertThat(image.hasUid()).isTrue();
        assertThat(image.getUid().getValue()).isEqualTo(1000);
        assertThat(image.getUsername()).isEmpty();
        assertThat(image.getSize()).isPositive();
        assertThat(image.getPinned()).isFalse();
        assertThat(status.getInfoMap().get("info")).contains("\"imageSpec\":{\"config\":{\"User\":\"1000:1000\"}");

        Image pause = stub.imageStatus(ImageStatusRequest.newBuilder()
                        .setImage(spec("registry.k8s.io/pause:3.10"))
                        .build())
                .getImage();
        assertThat(pause.getPinned()).isTrue();
        assertThat(pause.hasUid()).isFalse();
        assertThat(pause.getUsername()).isEqualTo("nobody");

        assertThat(stub.listImages(ListImagesRequest.getDefaultInstance()).getImagesList())
                .hasSize(2);
        assertThat(stub.listImages(ListImagesRequest.newBuilder()
                                .setFilter(ImageFilter.newBuilder().setImage(spec("busybox:1")))
                                .build())
                        .getImagesList())
                .extracting(Image::getId)
                .containsExactly(id);
        List<Image> streamed = new ArrayList<>();
        Iterator<StreamImagesResponse> it = stub.streamImages(StreamImagesRequest.getDefaultInstance());
        it.forEachRemaining(r -> {
            assertThat(r.getImagesCount()).isEqualTo(1);
            streamed.add(r.getImages(0));
        });
        assertThat(streamed).hasSize(2);

        stub.removeImage(RemoveImageRequest.newBuilder().setImage(spec(id)).build());
        stub.removeImage(RemoveImageRequest.newBuilder().setImage(spec(id)).build());
        assertThat(stub.imageStatus(ImageStatusRequest.newBuilder()
                                .setImage(spec("busybox:1"))
                                .build())
                        .hasImage())
                .isFalse();
    }

    @Test
    void authConfigReachesTheRegistry() {
        registry.add("private.io/app:1", "", "p".getBytes(StandardCharsets.UTF_8));
        registry.requirePassword("s3cret");
        String auth = Base64.getEncoder().encodeToString("me:s3cret".getBytes(StandardCharsets.UTF_8));
        String id = stub.pullImage(PullImageRequest.newBuilder()
                        .setImage(spec("private.io/app:1"))
                        .setAuth(AuthConfig.newBuilder().setAuth(auth))
                        .build())
                .getImageRef();
        assertThat(id).startsWith("sha256:");
    }

    @Test
    void errorsMapToCodes() {
        assertThatThrownBy(() -> pull("Not/Valid")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains("Not/Valid");
        });
        assertThatThrownBy(() -> pull("nothere:1"))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> pull(""))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void fsInfoReportsTheSnapshotterFilesystem() {
        var fs = stub.imageFsInfo(ImageFsInfoRequest.getDefaultInstance()).getImageFilesystemsList();
        assertThat(fs).singleElement().satisfies(u -> {
            assertThat(u.getFsId().getMountpoint()).isEqualTo("/fake/snapshots");
            assertThat(u.hasUsedBytes()).isTrue();
            assertThat(u.hasInodesUsed()).isTrue();
            assertThat(u.getTimestamp()).isPositive();
        });
    }
}
