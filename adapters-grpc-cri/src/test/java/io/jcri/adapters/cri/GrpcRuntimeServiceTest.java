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
import io.jcri.cri.v1.RuntimeServiceGrpc;
import io.jcri.cri.v1.StatusRequest;
import io.jcri.cri.v1.StatusResponse;
import io.jcri.cri.v1.VersionRequest;
import io.jcri.cri.v1.VersionResponse;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.network.NetworkStatus;
import io.jcri.domain.runtime.RuntimeStatusReport;
import io.jcri.domain.runtime.RuntimeVersion;
import io.jcri.ports.application.runtime.RuntimeStatusService;
import io.jcri.ports.fakes.FakeContainerRuntime;
import io.jcri.ports.fakes.FakePodNetwork;
import io.jcri.ports.in.RuntimeStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GrpcRuntimeServiceTest {
    static final io.jcri.ports.in.SandboxLifecycle NO_SANDBOXES = new io.jcri.ports.in.SandboxLifecycle() {
        @Override
        public String run(RunCommand command) {
            throw new JcriException.Unavailable("no sandboxes in this test");
        }

        @Override
        public void stop(String sandboxId) {}

        @Override
        public void remove(String sandboxId) {}

        @Override
        public StatusView status(String sandboxId, boolean verbose) {
            throw new JcriException.NotFound("sandbox " + sandboxId + " not found");
        }

        @Override
        public java.util.List<io.jcri.domain.sandbox.Sandbox> list(Filter filter) {
            return java.util.List.of();
        }
    };

    private final FakeContainerRuntime runtime = new FakeContainerRuntime();
    private final FakePodNetwork network = new FakePodNetwork();
    private Server server;
    private ManagedChannel channel;
    private RuntimeServiceGrpc.RuntimeServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        start(new RuntimeStatusService(runtime, network, "1.0.0-test", Map.of()));
    }

    private void start(RuntimeStatus status) throws Exception {
        String name = InProcessServerBuilder.generateName();
        CriCallInterceptor edge = new CriCallInterceptor();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(ServerInterceptors.intercept(
                        new GrpcRuntimeService(
                                TestUseCases.of(status, NO_SANDBOXES).build()),
                        edge))
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

    @Test
    void versionAnswersAsJcriV1() {
        VersionResponse v =
                stub.version(VersionRequest.newBuilder().setVersion("v1").build());
        assertThat(v.getRuntimeName()).isEqualTo("jcri");
        assertThat(v.getRuntimeVersion()).isEqualTo("1.0.0-test");
        assertThat(v.getRuntimeApiVersion()).isEqualTo("v1");
        assertThat(v.getVersion()).isEqualTo("0.1.0");
    }

    @Test
    void statusListsTheDefaultHandlerAgainUnderTheEmptyName() throws Exception {
        stop();
        start(new RuntimeStatusService(runtime, network, "1.0.0-test", Map.of(), List.of("runc", "crun"), false));
        StatusResponse r = stub.status(StatusRequest.getDefaultInstance());
        assertThat(r.getRuntimeHandlersList())
                .extracting(io.jcri.cri.v1.RuntimeHandler::getName)
                .containsExactly("runc", "crun", "");
        assertThat(r.getRuntimeHandlers(2).getFeatures())
                .isEqualTo(r.getRuntimeHandlers(0).getFeatures());
    }

    @Test
    void statusCarriesBothConditionsWithReasons() {
        runtime.down("containerd socket /nope.sock does not exist");
        network.status(new NetworkStatus.NotReady("no network config found in /etc/cni/net.d"));
        StatusResponse r =
                stub.status(StatusRequest.newBuilder().setVerbose(true).build());
        assertThat(r.getStatus().getConditionsList())
                .extracting(c -> c.getType() + "=" + c.getStatus() + ":" + c.getReason())
                .containsExactly("RuntimeReady=false:ContainerdNotReady", "NetworkReady=false:NetworkPluginNotReady");
        assertThat(r.getStatus().getConditions(0).getMessage()).contains("/nope.sock");
        assertThat(r.getInfoMap()).containsKeys("config", "containerd", "cni");
    }

    @Test
    void everyUseCaseIsGivenAtConstruction() {
        CriUseCases all = TestUseCases.of(
                        new RuntimeStatusService(runtime, network, "1.0.0-test", Map.of()), NO_SANDBOXES)
                .build();
        assertThatThrownBy(() -> new CriUseCases(
                        all.status(),
                        all.sandboxes(),
                        all.containers(),
                        all.streaming(),
                        null,
                        all.metrics(),
                        all.events(),
                        all.checkpointing()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("stats");
    }

    @Test
    void domainErrorsBecomeStatusCodes() throws Exception {
        stop();
        start(new RuntimeStatus() {
            @Override
            public RuntimeVersion version(VersionQuery query) {
                throw new JcriException.InvalidArgument("client api version v0 is not supported");
            }

            @Override
            public RuntimeStatusReport status(StatusQuery query) {
                throw new IllegalStateException("boom");
            }

            @Override
            public boolean systemdCgroupDriver() {
                return false;
            }

            @Override
            public void updatePodCidr(String podCidr) {}
        });
        assertThatThrownBy(() -> stub.version(VersionRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("v0");
                });
        assertThatThrownBy(() -> stub.status(StatusRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL));
    }
}
