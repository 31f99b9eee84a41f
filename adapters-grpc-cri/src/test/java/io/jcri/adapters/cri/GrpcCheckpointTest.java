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
import io.jcri.cri.v1.CheckpointContainerRequest;
import io.jcri.cri.v1.CheckpointPodRequest;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.RestorePodRequest;
import io.jcri.cri.v1.RuntimeServiceGrpc;
import io.jcri.ports.application.checkpoint.ContainerCheckpointing;
import io.jcri.ports.application.runtime.RuntimeStatusService;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.fakes.FakeContainerCheckpoints;
import io.jcri.ports.fakes.FakeContainerRuntime;
import io.jcri.ports.fakes.FakePodNetwork;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checkpoint verbs through gRPC: the core's errors arrive as status codes with their messages. */
class GrpcCheckpointTest {
    private static final String VERDICT = "Error (criu/vdso.c:381): vdso: Unexpected rt vDSO area bounds";
    private final FakeContainerRuntime runtime = new FakeContainerRuntime();
    private final FakeContainerCheckpoints checkpoints = new FakeContainerCheckpoints();
    private Server server;
    private ManagedChannel channel;
    private RuntimeServiceGrpc.RuntimeServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        checkpoints.verdict(false, VERDICT);
        var checkpointing =
                new ContainerCheckpointing(new Containers(), new Sandboxes(), runtime, checkpoints, Clock.systemUTC());
        var status = new RuntimeStatusService(
                runtime,
                new FakePodNetwork(),
                "1.0.0-test",
                Map.of(),
                List.of("runc"),
                false,
                Map.of(),
                Map.of("checkpoint", checkpointing::statusInfo));
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(ServerInterceptors.intercept(
                        new GrpcRuntimeService(TestUseCases.of(status, GrpcRuntimeServiceTest.NO_SANDBOXES)
                                .checkpointing(checkpointing)
                                .build()),
                        new CriCallInterceptor()))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        stub = RuntimeServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    private static Consumer<StatusRuntimeException> status(Status.Code code, String text) {
        return e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(text);
        };
    }

    @Test
    void checkpointContainerOfAnUnknownContainerIsNotFound() {
        assertThatThrownBy(() -> stub.checkpointContainer(CheckpointContainerRequest.newBuilder()
                        .setContainerId("c1")
                        .setLocation("/tmp/x.tar")
                        .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class, status(Status.Code.NOT_FOUND, "\"c1\" not found"));
    }

    @Test
    void checkpointPodAndRestorePodValidateThenQuoteCriu() {
        assertThatThrownBy(() -> stub.checkpointPod(CheckpointPodRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class, status(Status.Code.INVALID_ARGUMENT, "pod_sandbox_id is empty"));
        assertThatThrownBy(() -> stub.restorePod(RestorePodRequest.newBuilder()
                        .setCheckpointPath("relative/pod")
                        .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        status(Status.Code.INVALID_ARGUMENT, "checkpoint_path \"relative/pod\" is a relative path"));
        assertThatThrownBy(() -> stub.restorePod(RestorePodRequest.newBuilder()
                        .setCheckpointPath("/var/lib/ckpt/pod")
                        .setConfig(PodSandboxConfig.newBuilder()
                                .setMetadata(PodSandboxMetadata.newBuilder().setName("web")))
                        .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        status(Status.Code.FAILED_PRECONDITION, "`criu check` says: " + VERDICT));
    }

    @Test
    void verboseStatusCarriesTheCriuVerdict() {
        var info = stub.status(io.jcri.cri.v1.StatusRequest.newBuilder()
                        .setVerbose(true)
                        .build())
                .getInfoMap();
        assertThat(info.get("checkpoint")).contains("\"criuUsable\":false").contains("vDSO area bounds");
    }
}
