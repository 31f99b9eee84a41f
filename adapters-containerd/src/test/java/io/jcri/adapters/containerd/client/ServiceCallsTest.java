package io.jcri.adapters.containerd.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jcri.adapters.containerd.image.ContainerdImages;
import io.jcri.containerd.api.services.diff.v1.ApplyRequest;
import io.jcri.containerd.api.services.diff.v1.ApplyResponse;
import io.jcri.containerd.api.services.diff.v1.DiffGrpc;
import io.jcri.containerd.api.services.images.v1.GetImageRequest;
import io.jcri.containerd.api.services.images.v1.GetImageResponse;
import io.jcri.containerd.api.services.images.v1.ImagesGrpc;
import io.jcri.containerd.api.services.snapshots.v1.PrepareSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.PrepareSnapshotResponse;
import io.jcri.containerd.api.services.snapshots.v1.SnapshotsGrpc;
import io.jcri.containerd.api.services.tasks.v1.CreateTaskRequest;
import io.jcri.containerd.api.services.tasks.v1.CreateTaskResponse;
import io.jcri.containerd.api.services.tasks.v1.TasksGrpc;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.task.Mount;
import io.jcri.domain.task.TaskIo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every call through the service classes carries the namespace, its kind's deadline (from the
 * client's {@link CallDeadlines}) and, on a leased service, the lease; the call observer sees it
 * under containerd's service and method name. The image store's calls go the same way.
 */
class ServiceCallsTest {
    private static final CallDeadlines DEADLINES = new CallDeadlines(
            Duration.ofSeconds(3), Duration.ofSeconds(7), Duration.ofSeconds(19), Duration.ofSeconds(41));

    @TempDir
    Path dir;

    private FakeContainerd containerd;
    private final List<String> observed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        containerd = new FakeContainerd(
                dir, DEADLINES, new SnapshotsFake(), new ImagesFake(), new DiffFake(), new TasksFake());
        containerd.client.observeCalls((method, nanos, ok) -> observed.add(method + (ok ? " ok" : " error")));
    }

    @AfterEach
    void stop() throws Exception {
        containerd.close();
    }

    @Test
    void aSnapshotCallHasTheMetadataDeadlineTheNamespaceAndItsMethodAsLabel() {
        new Snapshots(containerd.client).prepare("overlayfs", "k1", null, Map.of());

        FakeContainerd.Call call = containerd.calls().get(0);
        assertThat(call.method()).isEqualTo("Snapshots/Prepare");
        assertThat(call.namespace()).isEqualTo("test");
        assertThat(call.lease()).isEmpty();
        assertDeadline(call, DEADLINES.metadata());
        assertThat(observed).containsExactly("Snapshots.Prepare ok");
    }

    @Test
    void aLeasedServiceSendsTheLeaseWithEachCall() {
        new Snapshots(containerd.client).leased("pull-1").prepare("overlayfs", "k1", "", Map.of());

        assertThat(containerd.calls()).singleElement().satisfies(c -> {
            assertThat(c.lease()).isEqualTo("pull-1");
            assertThat(c.namespace()).isEqualTo("test");
        });
    }

    @Test
    void theImageStoresCallsHaveDeadlinesAndContainerdsMethodNames() {
        var store = ContainerdImages.store(containerd.client, "overlayfs");

        assertThat(store.image("docker.io/library/busybox:latest")).isEmpty();

        assertThat(containerd.calls()).singleElement().satisfies(c -> {
            assertThat(c.method()).isEqualTo("Images/Get");
            assertDeadline(c, DEADLINES.metadata());
        });
        assertThat(observed).containsExactly("Images.Get error");
    }

    @Test
    void applyingALayerHasTheLongerTransferDeadline() {
        String applied = new Diff(containerd.client)
                .apply(
                        new Descriptor(Descriptor.OCI_LAYER_GZIP, "sha256:" + "1".repeat(64), 10),
                        List.of(new Mount("bind", "/x", "", List.of("rbind"))));

        assertThat(applied).isEqualTo("sha256:" + "a".repeat(64));
        assertDeadline(containerd.calls().get(0), DEADLINES.transfer());
        assertThat(observed).containsExactly("Diff.Apply ok");
    }

    @Test
    void creatingATaskHasTheProcessDeadline() {
        int pid = new Tasks(containerd.client).create("c1", List.of(), new TaskIo("", "", "", false));

        assertThat(pid).isEqualTo(42);
        assertDeadline(containerd.calls().get(0), DEADLINES.process());
        assertThat(observed).containsExactly("Tasks.Create ok");
    }

    @Test
    void theLabelIsTheServiceAndMethodWithoutTheProtoPackage() {
        assertThat(Calls.label(SnapshotsGrpc.getPrepareMethod())).isEqualTo("Snapshots.Prepare");
        assertThat(Calls.label(TasksGrpc.getCloseIOMethod())).isEqualTo("Tasks.CloseIO");
        assertThat(Calls.label(ImagesGrpc.getDeleteMethod())).isEqualTo("Images.Delete");
    }

    private static void assertDeadline(FakeContainerd.Call call, Duration expected) {
        assertThat(call.deadlineMillis())
                .as("time left on " + call.method())
                .isNotNull()
                .isBetween(expected.toMillis() - 2_000, expected.toMillis());
    }

    private static final class SnapshotsFake extends SnapshotsGrpc.SnapshotsImplBase {
        @Override
        public void prepare(PrepareSnapshotRequest r, StreamObserver<PrepareSnapshotResponse> out) {
            out.onNext(PrepareSnapshotResponse.getDefaultInstance());
            out.onCompleted();
        }
    }

    private static final class ImagesFake extends ImagesGrpc.ImagesImplBase {
        @Override
        public void get(GetImageRequest r, StreamObserver<GetImageResponse> out) {
            out.onError(Status.NOT_FOUND
                    .withDescription("image " + r.getName() + ": not found")
                    .asRuntimeException());
        }
    }

    private static final class DiffFake extends DiffGrpc.DiffImplBase {
        @Override
        public void apply(ApplyRequest r, StreamObserver<ApplyResponse> out) {
            out.onNext(ApplyResponse.newBuilder()
                    .setApplied(
                            io.jcri.containerd.api.types.Descriptor.newBuilder().setDigest("sha256:" + "a".repeat(64)))
                    .build());
            out.onCompleted();
        }
    }

    private static final class TasksFake extends TasksGrpc.TasksImplBase {
        @Override
        public void create(CreateTaskRequest r, StreamObserver<CreateTaskResponse> out) {
            out.onNext(CreateTaskResponse.newBuilder().setPid(42).build());
            out.onCompleted();
        }
    }
}
