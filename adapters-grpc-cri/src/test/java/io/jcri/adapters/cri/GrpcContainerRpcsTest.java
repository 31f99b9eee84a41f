package io.jcri.adapters.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.jcri.cri.v1.Capability;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerFilter;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerState;
import io.jcri.cri.v1.ContainerStateValue;
import io.jcri.cri.v1.ContainerStatus;
import io.jcri.cri.v1.ContainerStatusRequest;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ExecSyncRequest;
import io.jcri.cri.v1.ExecSyncResponse;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.Int64Value;
import io.jcri.cri.v1.KeyValue;
import io.jcri.cri.v1.LinuxContainerConfig;
import io.jcri.cri.v1.LinuxContainerResources;
import io.jcri.cri.v1.LinuxContainerSecurityContext;
import io.jcri.cri.v1.ListContainersRequest;
import io.jcri.cri.v1.Mount;
import io.jcri.cri.v1.MountPropagation;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.RemoveContainerRequest;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.ReopenContainerLogRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.RuntimeServiceGrpc;
import io.jcri.cri.v1.SecurityProfile;
import io.jcri.cri.v1.Signal;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StopContainerRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.cri.v1.StreamContainersRequest;
import io.jcri.cri.v1.StreamContainersResponse;
import io.jcri.cri.v1.UpdateContainerResourcesRequest;
import io.jcri.cri.v1.UpdatePodSandboxResourcesRequest;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.oci.OciSpecBuilder;
import io.jcri.domain.security.SeccompProfile;
import io.jcri.domain.task.ExecResult;
import io.jcri.domain.task.OciRuntime;
import io.jcri.ports.application.container.ContainerExits;
import io.jcri.ports.application.container.ContainerService;
import io.jcri.ports.application.container.ImageVolumes;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.runtime.RuntimeHandlers;
import io.jcri.ports.application.runtime.RuntimeStatusService;
import io.jcri.ports.application.sandbox.SandboxService;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.fakes.FakeContainerDocuments;
import io.jcri.ports.fakes.FakeContainerHost;
import io.jcri.ports.fakes.FakeContainerIo;
import io.jcri.ports.fakes.FakeContainerRuntime;
import io.jcri.ports.fakes.FakeContainerStatusFiles;
import io.jcri.ports.fakes.FakeImageManagement;
import io.jcri.ports.fakes.FakeImageVolumeMounts;
import io.jcri.ports.fakes.FakePodNetwork;
import io.jcri.ports.fakes.FakeSandboxFiles;
import io.jcri.ports.out.CreationJournal;
import io.jcri.ports.out.NodeResourcePlugins;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Container RPCs through an in-process server, over the real services on fakes. */
class GrpcContainerRpcsTest {
    final FakeContainerRuntime runtime = new FakeContainerRuntime();
    final FakePodNetwork network = new FakePodNetwork();
    final FakeContainerIo io = new FakeContainerIo();
    final FakeImageManagement images = new FakeImageManagement() {
        @Override
        public Optional<Image> status(String reference) {
            return Optional.of(ensure(reference, RegistryAuth.NONE));
        }
    };
    ContainerExits exits;
    Server server;
    ManagedChannel channel;
    RuntimeServiceGrpc.RuntimeServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        runtime.prepareSnapshot("overlayfs", "tmp", "", Map.of());
        runtime.commitSnapshot("overlayfs", FakeImageManagement.CHAIN_ID, "tmp", Map.of());
        RuntimeHandlers handlers = new RuntimeHandlers(Map.of("runc", OciRuntime.runcV2()), "runc");
        Sandboxes sandboxStore = new Sandboxes();
        Containers containers = new Containers();
        FakeContainerStatusFiles files = new FakeContainerStatusFiles();
        exits = new ContainerExits(runtime, files, containers, Clock.systemUTC());
        FakeContainerHost host = new FakeContainerHost();
        host.profiles.put("/etc/seccomp/strict.json", "{\"defaultAction\":\"SCMP_ACT_ERRNO\"}");
        ContainerService service = new ContainerService(
                runtime,
                io,
                files,
                new FakeContainerDocuments(),
                host,
                images,
                new ImageVolumes(runtime, images, new FakeImageVolumeMounts()),
                sandboxStore,
                containers,
                exits,
                Clock.systemUTC(),
                new ContainerService.Settings("overlayfs", handlers::resolve, Path.of("/run/jcri/io/containers")),
                new EventBus(),
                NodeResourcePlugins.NONE,
                ContainerService.RestoreCheck.NONE);
        SandboxService sandboxes = new SandboxService(
                sandboxStore,
                images,
                network,
                new FakeSandboxFiles(),
                runtime,
                new OciSpecBuilder(HostFacts.typical()),
                handlers,
                new SandboxService.Settings("registry.k8s.io/pause:3.10", "overlayfs"),
                Clock.systemUTC(),
                new EventBus(),
                service,
                NodeResourcePlugins.NONE,
                CreationJournal.NONE);
        RuntimeStatusService status = new RuntimeStatusService(runtime, network, "t", Map.of(), List.of("runc"), false);
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(ServerInterceptors.intercept(
                        new GrpcRuntimeService(TestUseCases.of(status, sandboxes)
                                .containers(service)
                                .build()),
                        new CriCallInterceptor()))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        stub = RuntimeServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() {
        exits.close();
        channel.shutdownNow();
        server.shutdownNow();
    }

    String runPod() {
        return stub.runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setConfig(PodSandboxConfig.newBuilder()
                                .setMetadata(PodSandboxMetadata.newBuilder()
                                        .setName("web")
                                        .setNamespace("default")
                                        .setUid("uid-web"))
                                .setLogDirectory("/var/log/pods/web"))
                        .build())
                .getPodSandboxId();
    }

    static CreateContainerRequest create(String pod, String name) {
        return CreateContainerRequest.newBuilder()
                .setPodSandboxId(pod)
                .setConfig(ContainerConfig.newBuilder()
                        .setMetadata(
                                ContainerMetadata.newBuilder().setName(name).setAttempt(1))
                        .setImage(ImageSpec.newBuilder().setImage("busybox:1"))
                        .addCommand("sh")
                        .addArgs("-c")
                        .addArgs("sleep 1000")
                        .addEnvs(KeyValue.newBuilder().setKey("A").setValue(ByteString.copyFromUtf8("b")))
                        .addMounts(Mount.newBuilder()
                                .setHostPath("/srv/data")
                                .setContainerPath("/data")
                                .setReadonly(true)
                                .setPropagation(MountPropagation.PROPAGATION_HOST_TO_CONTAINER)
                                .addMountOptions("noexec")
                                .addMountOptions("nodev"))
                        .putLabels("app", name)
                        .putAnnotations("note", "x")
                        .setLogPath(name + "/1.log")
                        .setStopSignal(Signal.SIGNAL_SIGINT)
                        .setLinux(LinuxContainerConfig.newBuilder()
                                .setResources(LinuxContainerResources.newBuilder()
                                        .setMemoryLimitInBytes(64L << 20)
                                        .setCpuShares(256))
                                .setSecurityContext(LinuxContainerSecurityContext.newBuilder()
                                        .setRunAsUser(Int64Value.newBuilder().setValue(1000))
                                        .setCapabilities(Capability.newBuilder().addDropCapabilities("NET_RAW"))
                                        .setSeccomp(SecurityProfile.newBuilder()
                                                .setProfileType(SecurityProfile.ProfileType.Localhost)
                                                .setLocalhostRef("/etc/seccomp/strict.json")))))
                .build();
    }

    ContainerStatus status(String id) {
        return stub.containerStatus(
                        ContainerStatusRequest.newBuilder().setContainerId(id).build())
                .getStatus();
    }

    @Test
    void createStartStatusListExecStopRemove() {
        String pod = runPod();
        String id = stub.createContainer(create(pod, "app")).getContainerId();
        ContainerStatus s = status(id);
        assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_CREATED);
        assertThat(s.getMetadata().getName()).isEqualTo("app");
        assertThat(s.getMetadata().getAttempt()).isEqualTo(1);
        assertThat(s.getImage().getImage()).isEqualTo("busybox:1");
        assertThat(s.getImageRef()).startsWith("sha256:");
        assertThat(s.getLogPath()).isEqualTo("/var/log/pods/web/app/1.log");
        assertThat(s.getLabelsMap()).containsEntry("app", "app");
        assertThat(s.getAnnotationsMap()).containsEntry("note", "x");
        assertThat(s.getMountsList()).singleElement().satisfies(m -> {
            assertThat(m.getContainerPath()).isEqualTo("/data");
            assertThat(m.getPropagation()).isEqualTo(MountPropagation.PROPAGATION_HOST_TO_CONTAINER);
            assertThat(m.getMountOptionsList()).containsExactly("noexec", "nodev");
        });
        assertThat(s.getResources().getLinux().getMemoryLimitInBytes()).isEqualTo(64L << 20);
        assertThat(s.getStopSignal()).isEqualTo(Signal.SIGNAL_SIGINT);
        assertThat(s.getUser().getLinux().getUid()).isEqualTo(1000);
        assertThat(s.getCreatedAt()).isPositive();
        String spec = runtime.container(id).orElseThrow().ociSpecJson();
        assertThat(spec).contains("\"rslave\",\"ro\",\"noexec\",\"nodev\"");
        assertThat(spec).contains("\"uid\":1000").contains("SCMP_ACT_ERRNO").doesNotContain("CAP_NET_RAW");

        stub.startContainer(
                StartContainerRequest.newBuilder().setContainerId(id).build());
        s = status(id);
        assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(s.getStartedAt()).isPositive();

        assertThat(stub.listContainers(ListContainersRequest.newBuilder()
                                .setFilter(ContainerFilter.newBuilder()
                                        .setPodSandboxId(pod)
                                        .setState(ContainerStateValue.newBuilder()
                                                .setState(ContainerState.CONTAINER_RUNNING))
                                        .putLabelSelector("app", "app"))
                                .build())
                        .getContainersList())
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.getId()).isEqualTo(id);
                    assertThat(c.getPodSandboxId()).isEqualTo(pod);
                });
        List<String> streamed = new ArrayList<>();
        Iterator<StreamContainersResponse> it = stub.streamContainers(StreamContainersRequest.getDefaultInstance());
        it.forEachRemaining(r -> r.getContainersList().forEach(c -> streamed.add(c.getId())));
        assertThat(streamed).containsExactly(id);

        io.scriptExec(id, new ExecResult(2, "out".getBytes(), "err".getBytes(), false));
        ExecSyncResponse exec = stub.execSync(ExecSyncRequest.newBuilder()
                .setContainerId(id)
                .addCmd("ls")
                .setTimeout(5)
                .build());
        assertThat(exec.getExitCode()).isEqualTo(2);
        assertThat(exec.getStdout().toStringUtf8()).isEqualTo("out");
        assertThat(exec.getStderr().toStringUtf8()).isEqualTo("err");
        io.scriptExecTimeout(id);
        assertThatThrownBy(() -> stub.execSync(ExecSyncRequest.newBuilder()
                        .setContainerId(id)
                        .addCmd("sleep")
                        .setTimeout(1)
                        .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));

        stub.updateContainerResources(UpdateContainerResourcesRequest.newBuilder()
                .setContainerId(id)
                .setLinux(LinuxContainerResources.newBuilder().setMemoryLimitInBytes(128L << 20))
                .build());
        assertThat(status(id).getResources().getLinux().getMemoryLimitInBytes()).isEqualTo(128L << 20);
        stub.updatePodSandboxResources(UpdatePodSandboxResourcesRequest.newBuilder()
                .setPodSandboxId(pod)
                .build());
        stub.reopenContainerLog(
                ReopenContainerLogRequest.newBuilder().setContainerId(id).build());

        stub.stopContainer(StopContainerRequest.newBuilder()
                .setContainerId(id)
                .setTimeout(5)
                .build());
        s = status(id);
        assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(s.getExitCode()).isEqualTo(128 + 2);
        assertThat(s.getReason()).isEqualTo("Error");
        assertThat(s.getFinishedAt()).isGreaterThanOrEqualTo(s.getStartedAt());
        assertThatThrownBy(() -> stub.reopenContainerLog(ReopenContainerLogRequest.newBuilder()
                        .setContainerId(id)
                        .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));

        stub.removeContainer(
                RemoveContainerRequest.newBuilder().setContainerId(id).build());
        stub.removeContainer(
                RemoveContainerRequest.newBuilder().setContainerId(id).build());
        stub.stopContainer(StopContainerRequest.newBuilder().setContainerId(id).build());
        assertThatThrownBy(() -> status(id))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void createErrorsMapToTheirCodes() {
        assertThatThrownBy(() -> stub.createContainer(create("nope", "app")))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        String pod = runPod();
        stub.createContainer(create(pod, "app"));
        assertThatThrownBy(() -> stub.createContainer(create(pod, "app")))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
    }

    @Test
    void stoppingAndRemovingThePodStopsAndRemovesItsContainers() {
        String pod = runPod();
        String id = stub.createContainer(create(pod, "app")).getContainerId();
        stub.startContainer(
                StartContainerRequest.newBuilder().setContainerId(id).build());
        stub.stopPodSandbox(
                StopPodSandboxRequest.newBuilder().setPodSandboxId(pod).build());
        assertThat(status(id).getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        stub.removePodSandbox(
                RemovePodSandboxRequest.newBuilder().setPodSandboxId(pod).build());
        assertThat(stub.listContainers(ListContainersRequest.getDefaultInstance())
                        .getContainersList())
                .isEmpty();
        assertThat(runtime.leftovers()).isEmpty();
    }

    static CreateContainerRequest withImageVolume(String pod, String name, boolean readonly, String subPath) {
        CreateContainerRequest r = create(pod, name);
        return r.toBuilder()
                .setConfig(r.getConfig().toBuilder()
                        .addMounts(Mount.newBuilder()
                                .setContainerPath("/mnt/image-volume")
                                .setReadonly(readonly)
                                .setImage(ImageSpec.newBuilder()
                                        .setImage("sha256:" + "a".repeat(64))
                                        .setUserSpecifiedImage("busybox:1"))
                                .setImageSubPath(subPath)))
                .build();
    }

    @Test
    void anImageVolumeIsReportedWithItsImageAndImageRef() {
        String pod = runPod();
        String id =
                stub.createContainer(withImageVolume(pod, "app", true, "etc")).getContainerId();
        assertThat(status(id).getMountsList())
                .filteredOn(m -> m.getContainerPath().equals("/mnt/image-volume"))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getImage().getImage()).isEqualTo("sha256:" + "a".repeat(64));
                    assertThat(m.getImage().getUserSpecifiedImage()).isEqualTo("busybox:1");
                    assertThat(m.getImage().getImageRef()).isEqualTo("sha256:" + "a".repeat(64));
                    assertThat(m.getImageSubPath()).isEqualTo("etc");
                    assertThat(m.getReadonly()).isTrue();
                    assertThat(m.getHostPath()).isEmpty();
                });
        assertThat(runtime.container(id).orElseThrow().ociSpecJson())
                .contains("\"destination\":\"/mnt/image-volume\"")
                .contains("/fake/image-volumes/" + id + "/0/etc");
    }

    @Test
    void aWritableImageVolumeOrAMissingSubPathIsInvalidArgumentNamingIt() {
        String pod = runPod();
        assertThatThrownBy(() -> stub.createContainer(withImageVolume(pod, "app", false, "")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .contains("/mnt/image-volume")
                            .contains("must be read-only");
                });
        assertThatThrownBy(() -> stub.createContainer(withImageVolume(pod, "app", true, "not-existing")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("image_sub_path \"not-existing\"");
                });
        assertThat(stub.listContainers(ListContainersRequest.getDefaultInstance())
                        .getContainersList())
                .isEmpty();
    }

    @Test
    void seccompProfilesMapFromTheWire() {
        var ctx = LinuxContainerSecurityContext.newBuilder();
        assertThat(ContainerProtoMapper.seccomp(ctx.build())).isEqualTo(SeccompProfile.unconfined());
        assertThat(ContainerProtoMapper.seccomp(
                        ctx.setSeccompProfilePath("runtime/default").build()))
                .isEqualTo(SeccompProfile.runtimeDefault());
        assertThat(ContainerProtoMapper.seccomp(ctx.setSeccomp(
                                SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.Unconfined))
                        .build()))
                .isEqualTo(SeccompProfile.unconfined());
        assertThat(ContainerProtoMapper.signalName(Signal.SIGNAL_SIGRTMINPLUS1)).isEqualTo("SIGRTMIN+1");
        assertThat(ContainerProtoMapper.signal(35)).isEqualTo(Signal.SIGNAL_SIGRTMINPLUS1);
        assertThat(ContainerProtoMapper.signal(15)).isEqualTo(Signal.SIGNAL_SIGTERM);
        assertThat(Signal.SIGNAL_SIGTERM.getNumber())
                .as("v0.37 renamed the keys, not the numbers")
                .isEqualTo(23);
    }
}
