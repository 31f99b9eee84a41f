package io.jcri.adapters.cri;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jcri.cri.v1.CgroupDriver;
import io.jcri.cri.v1.CheckpointContainerRequest;
import io.jcri.cri.v1.CheckpointContainerResponse;
import io.jcri.cri.v1.LinuxRuntimeConfiguration;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.ListPodSandboxResponse;
import io.jcri.cri.v1.PodSandboxStatusRequest;
import io.jcri.cri.v1.PodSandboxStatusResponse;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.RemovePodSandboxResponse;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxResponse;
import io.jcri.cri.v1.RuntimeConfigRequest;
import io.jcri.cri.v1.RuntimeConfigResponse;
import io.jcri.cri.v1.RuntimeServiceGrpc;
import io.jcri.cri.v1.StatusRequest;
import io.jcri.cri.v1.StatusResponse;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.cri.v1.StopPodSandboxResponse;
import io.jcri.cri.v1.StreamPodSandboxesRequest;
import io.jcri.cri.v1.StreamPodSandboxesResponse;
import io.jcri.cri.v1.UpdateRuntimeConfigRequest;
import io.jcri.cri.v1.UpdateRuntimeConfigResponse;
import io.jcri.cri.v1.VersionRequest;
import io.jcri.cri.v1.VersionResponse;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.in.RuntimeStatus;
import io.jcri.ports.in.SandboxLifecycle;

/**
 * CRI RuntimeService. The RPCs not overridden here answer UNIMPLEMENTED naming the method (grpc's
 * generated base does that) until the issue that owns them lands.
 */
final class GrpcRuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    private final RuntimeStatus runtimeStatus;
    private final SandboxLifecycle sandboxes;

    GrpcRuntimeService(RuntimeStatus runtimeStatus, SandboxLifecycle sandboxes) {
        this.runtimeStatus = runtimeStatus;
        this.sandboxes = sandboxes;
    }

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> RuntimeStatusProtoMapper.toProto(
                        runtimeStatus.version(new RuntimeStatus.VersionQuery(request.getVersion()))));
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> RuntimeStatusProtoMapper.toProto(
                        runtimeStatus.status(new RuntimeStatus.StatusQuery(request.getVerbose()))));
    }

    @Override
    public void runtimeConfig(RuntimeConfigRequest request, StreamObserver<RuntimeConfigResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> RuntimeConfigResponse.newBuilder()
                        .setLinux(LinuxRuntimeConfiguration.newBuilder()
                                .setCgroupDriver(
                                        runtimeStatus.systemdCgroupDriver()
                                                ? CgroupDriver.SYSTEMD
                                                : CgroupDriver.CGROUPFS))
                        .build());
    }

    @Override
    public void updateRuntimeConfig(
            UpdateRuntimeConfigRequest request, StreamObserver<UpdateRuntimeConfigResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            runtimeStatus.updatePodCidr(
                    request.getRuntimeConfig().getNetworkConfig().getPodCidr());
            return UpdateRuntimeConfigResponse.getDefaultInstance();
        });
    }

    // ---- PodSandbox RPCs ----

    @Override
    public void runPodSandbox(RunPodSandboxRequest request, StreamObserver<RunPodSandboxResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> RunPodSandboxResponse.newBuilder()
                        .setPodSandboxId(sandboxes.run(SandboxProtoMapper.toCommand(request)))
                        .build());
    }

    @Override
    public void stopPodSandbox(StopPodSandboxRequest request, StreamObserver<StopPodSandboxResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            sandboxes.stop(request.getPodSandboxId());
            return StopPodSandboxResponse.getDefaultInstance();
        });
    }

    @Override
    public void removePodSandbox(RemovePodSandboxRequest request, StreamObserver<RemovePodSandboxResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            sandboxes.remove(request.getPodSandboxId());
            return RemovePodSandboxResponse.getDefaultInstance();
        });
    }

    @Override
    public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            SandboxLifecycle.StatusView view = sandboxes.status(request.getPodSandboxId(), request.getVerbose());
            return PodSandboxStatusResponse.newBuilder()
                    .setStatus(SandboxProtoMapper.status(view.sandbox()))
                    .putAllInfo(view.info())
                    .setTimestamp(SandboxProtoMapper.nanos(java.time.Instant.now()))
                    .build();
        });
    }

    @Override
    public void listPodSandbox(ListPodSandboxRequest request, StreamObserver<ListPodSandboxResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            ListPodSandboxResponse.Builder response = ListPodSandboxResponse.newBuilder();
            for (Sandbox s : sandboxes.list(SandboxProtoMapper.filter(request.hasFilter(), request.getFilter()))) {
                response.addItems(SandboxProtoMapper.summary(s));
            }
            return response.build();
        });
    }

    @Override
    public void streamPodSandboxes(
            StreamPodSandboxesRequest request, StreamObserver<StreamPodSandboxesResponse> observer) {
        GrpcCalls.stream(
                observer,
                () -> sandboxes.list(SandboxProtoMapper.filter(request.hasFilter(), request.getFilter())),
                s -> StreamPodSandboxesResponse.newBuilder()
                        .addPodSandboxes(SandboxProtoMapper.summary(s))
                        .build());
    }

    @Override
    public void checkpointContainer(
            CheckpointContainerRequest request, StreamObserver<CheckpointContainerResponse> observer) {
        observer.onError(Status.UNIMPLEMENTED
                .withDescription("CheckpointContainer: checkpointing is not supported by jcri (container "
                        + request.getContainerId() + ")")
                .asRuntimeException());
    }
}
