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
import io.jcri.cri.v1.DNSConfig;
import io.jcri.cri.v1.LinuxPodSandboxConfig;
import io.jcri.cri.v1.LinuxSandboxSecurityContext;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.NamespaceMode;
import io.jcri.cri.v1.NamespaceOption;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxFilter;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PodSandboxState;
import io.jcri.cri.v1.PodSandboxStateValue;
import io.jcri.cri.v1.PodSandboxStatusRequest;
import io.jcri.cri.v1.PodSandboxStatusResponse;
import io.jcri.cri.v1.PortMapping;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.RuntimeConfigRequest;
import io.jcri.cri.v1.RuntimeServiceGrpc;
import io.jcri.cri.v1.StatusRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.cri.v1.StreamPodSandboxesRequest;
import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.oci.OciSpecBuilder;
import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.task.OciRuntime;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.runtime.RuntimeHandlers;
import io.jcri.ports.application.runtime.RuntimeStatusService;
import io.jcri.ports.application.sandbox.EngineRecordsPodContainers;
import io.jcri.ports.application.sandbox.SandboxService;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.fakes.FakeContainerRuntime;
import io.jcri.ports.fakes.FakeImageManagement;
import io.jcri.ports.fakes.FakePodNetwork;
import io.jcri.ports.fakes.FakeSandboxFiles;
import io.jcri.ports.out.CreationJournal;
import io.jcri.ports.out.NodeResourcePlugins;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PodSandbox RPCs through an in-process server, over the real service on fakes. */
class GrpcSandboxRpcsTest {
    final FakeContainerRuntime runtime = new FakeContainerRuntime();
    final FakePodNetwork network = new FakePodNetwork();
    Server server;
    ManagedChannel channel;
    RuntimeServiceGrpc.RuntimeServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        runtime.prepareSnapshot("overlayfs", "tmp", "", Map.of());
        runtime.commitSnapshot("overlayfs", FakeImageManagement.CHAIN_ID, "tmp", Map.of());
        RuntimeHandlers handlers = new RuntimeHandlers(
                Map.of("runc", OciRuntime.runcV2(), "fast", new OciRuntime(OciRuntime.RUNC_V2, "runc", "", true)),
                "runc");
        SandboxService sandboxes = new SandboxService(
                new Sandboxes(),
                new FakeImageManagement(),
                network,
                new FakeSandboxFiles(),
                runtime,
                new OciSpecBuilder(HostFacts.typical()),
                handlers,
                new SandboxService.Settings("registry.k8s.io/pause:3.10", "overlayfs"),
                Clock.systemUTC(),
                new EventBus(),
                new EngineRecordsPodContainers(runtime),
                NodeResourcePlugins.NONE,
                CreationJournal.NONE);
        RuntimeStatusService status = new RuntimeStatusService(
                runtime,
                network,
                "t",
                Map.of(),
                List.of("runc", "fast"),
                false,
                Map.of("runc", new HandlerFeatures(true)));
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(ServerInterceptors.intercept(
                        new GrpcRuntimeService(
                                TestUseCases.of(status, sandboxes).build()),
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

    static RunPodSandboxRequest request(String name, String handler) {
        return RunPodSandboxRequest.newBuilder()
                .setRuntimeHandler(handler)
                .setConfig(PodSandboxConfig.newBuilder()
                        .setMetadata(PodSandboxMetadata.newBuilder()
                                .setName(name)
                                .setNamespace("default")
                                .setUid("uid-" + name)
                                .setAttempt(1))
                        .setHostname(name)
                        .setLogDirectory("/var/log/pods/" + name)
                        .setDnsConfig(DNSConfig.newBuilder().addServers("10.96.0.10"))
                        .addPortMappings(
                                PortMapping.newBuilder().setContainerPort(80).setHostPort(8080))
                        .putLabels("app", name)
                        .putAnnotations("a", "b")
                        .setLinux(LinuxPodSandboxConfig.newBuilder()
                                .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                                        .setNamespaceOptions(
                                                NamespaceOption.newBuilder().setPid(NamespaceMode.POD)))))
                .build();
    }

    @Test
    void runStatusListStreamStopRemove() {
        String id = stub.runPodSandbox(request("web", "")).getPodSandboxId();
        PodSandboxStatusResponse status = stub.podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                .setPodSandboxId(id)
                .setVerbose(true)
                .build());
        assertThat(status.getStatus().getState()).isEqualTo(PodSandboxState.SANDBOX_READY);
        assertThat(status.getStatus().getMetadata().getAttempt()).isEqualTo(1);
        assertThat(status.getStatus().getNetwork().getIp()).isNotEmpty();
        assertThat(status.getStatus().getLinux().getNamespaces().getOptions().getPid())
                .isEqualTo(NamespaceMode.POD);
        assertThat(status.getStatus().getLabelsMap()).containsEntry("app", "web");
        assertThat(status.getStatus().getRuntimeHandler()).isEqualTo("runc");
        assertThat(status.getStatus().getCreatedAt()).isPositive();
        assertThat(status.getInfoMap().get("info")).contains("\"pid\"");

        String other = stub.runPodSandbox(request("db", "fast")).getPodSandboxId();
        assertThat(stub.listPodSandbox(ListPodSandboxRequest.getDefaultInstance())
                        .getItemsList())
                .hasSize(2);
        assertThat(stub.listPodSandbox(ListPodSandboxRequest.newBuilder()
                                .setFilter(PodSandboxFilter.newBuilder().putLabelSelector("app", "db"))
                                .build())
                        .getItemsList())
                .extracting(p -> p.getId())
                .containsExactly(other);
        List<String> streamed = new ArrayList<>();
        stub.streamPodSandboxes(StreamPodSandboxesRequest.getDefaultInstance()).forEachRemaining(r -> {
            assertThat(r.getPodSandboxesCount()).isEqualTo(1);
            streamed.add(r.getPodSandboxes(0).getId());
        });
        assertThat(streamed).containsExactlyInAnyOrder(id, other);

        stub.stopPodSandbox(
                StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        assertThat(stub.listPodSandbox(ListPodSandboxRequest.newBuilder()
                                .setFilter(PodSandboxFilter.newBuilder()
                                        .setState(PodSandboxStateValue.newBuilder()
                                                .setState(PodSandboxState.SANDBOX_NOTREADY)))
                                .build())
                        .getItemsList())
                .extracting(p -> p.getId())
                .containsExactly(id);
        stub.removePodSandbox(
                RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        stub.removePodSandbox(
                RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        stub.stopPodSandbox(
                StopPodSandboxRequest.newBuilder().setPodSandboxId("unknown").build());
        assertThatThrownBy(() -> stub.podSandboxStatus(
                        PodSandboxStatusRequest.newBuilder().setPodSandboxId(id).build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void badRequestsAreInvalidArgumentOrAlreadyExists() {
        assertThatThrownBy(() -> stub.runPodSandbox(RunPodSandboxRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> stub.runPodSandbox(request("web", "kata")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("kata");
                });
        stub.runPodSandbox(request("web", ""));
        assertThatThrownBy(() -> stub.runPodSandbox(request("web", "")))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
    }

    @Test
    void statusListsHandlersAndRuntimeConfigTheCgroupDriver() {
        assertThat(stub.status(StatusRequest.getDefaultInstance()).getRuntimeHandlersList())
                .extracting(h -> h.getName())
                .containsExactly("runc", "fast", "");
        assertThat(stub.status(StatusRequest.getDefaultInstance()).getRuntimeHandlersList())
                .extracting(h -> h.getFeatures().getRecursiveReadOnlyMounts())
                .containsExactly(true, false, true);
        assertThat(stub.runtimeConfig(RuntimeConfigRequest.getDefaultInstance())
                        .getLinux()
                        .getCgroupDriver()
                        .name())
                .isEqualTo("CGROUPFS");
    }
}
