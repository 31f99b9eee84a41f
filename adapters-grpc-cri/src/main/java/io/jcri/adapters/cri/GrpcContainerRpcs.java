package io.jcri.adapters.cri;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.jcri.cri.v1.ContainerStatusRequest;
import io.jcri.cri.v1.ContainerStatusResponse;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.CreateContainerResponse;
import io.jcri.cri.v1.ExecSyncRequest;
import io.jcri.cri.v1.ExecSyncResponse;
import io.jcri.cri.v1.ListContainersRequest;
import io.jcri.cri.v1.ListContainersResponse;
import io.jcri.cri.v1.RemoveContainerRequest;
import io.jcri.cri.v1.RemoveContainerResponse;
import io.jcri.cri.v1.ReopenContainerLogRequest;
import io.jcri.cri.v1.ReopenContainerLogResponse;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StartContainerResponse;
import io.jcri.cri.v1.StopContainerRequest;
import io.jcri.cri.v1.StopContainerResponse;
import io.jcri.cri.v1.StreamContainersRequest;
import io.jcri.cri.v1.StreamContainersResponse;
import io.jcri.cri.v1.UpdateContainerResourcesRequest;
import io.jcri.cri.v1.UpdateContainerResourcesResponse;
import io.jcri.cri.v1.UpdatePodSandboxResourcesRequest;
import io.jcri.cri.v1.UpdatePodSandboxResourcesResponse;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.ExecResult;
import io.jcri.ports.in.ContainerLifecycle;
import java.time.Duration;

/** The Container RPCs of RuntimeService, CreateContainer to ReopenContainerLog, over the container lifecycle. */
final class GrpcContainerRpcs {
    private final CriUseCases useCases;
    private final FromMemory fromMemory;

    GrpcContainerRpcs(CriUseCases useCases, FromMemory fromMemory) {
        this.useCases = useCases;
        this.fromMemory = fromMemory;
    }

    private ContainerLifecycle containers() {
        return useCases.containers();
    }

    void create(CreateContainerRequest request, StreamObserver<CreateContainerResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> CreateContainerResponse.newBuilder()
                        .setContainerId(containers().create(ContainerProtoMapper.createCommand(request)))
                        .build());
    }

    void start(StartContainerRequest request, StreamObserver<StartContainerResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            containers().start(request.getContainerId());
            return StartContainerResponse.getDefaultInstance();
        });
    }

    void stop(StopContainerRequest request, StreamObserver<StopContainerResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            containers().stop(request.getContainerId(), Duration.ofSeconds(Math.max(0, request.getTimeout())));
            return StopContainerResponse.getDefaultInstance();
        });
    }

    void remove(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            containers().remove(request.getContainerId());
            return RemoveContainerResponse.getDefaultInstance();
        });
    }

    void status(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> observer) {
        String id = request.getContainerId();
        boolean verbose = request.getVerbose();
        // the stored status, and the spec kept since creation; after a restart a verbose one may
        // have to ask containerd for the spec once
        fromMemory.unary(
                observer,
                () -> containers().statusFromMemory(id, verbose).map(GrpcContainerRpcs::status),
                () -> status(containers().status(id, verbose)));
    }

    private static ContainerStatusResponse status(ContainerLifecycle.StatusView view) {
        return ContainerStatusResponse.newBuilder()
                .setStatus(ContainerProtoMapper.status(view.container()))
                .putAllInfo(view.info())
                .build();
    }

    void list(ListContainersRequest request, StreamObserver<ListContainersResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> ListContainersResponse.newBuilder()
                        .addAllContainers(ContainerProtoMapper.containers(
                                containers().list(ContainerProtoMapper.filter(request.getFilter()))))
                        .build());
    }

    void stream(StreamContainersRequest request, StreamObserver<StreamContainersResponse> observer) {
        GrpcCalls.stream(
                observer,
                () -> containers().list(ContainerProtoMapper.filter(request.getFilter())),
                c -> StreamContainersResponse.newBuilder()
                        .addContainers(ContainerProtoMapper.container(c))
                        .build());
    }

    void execSync(ExecSyncRequest request, StreamObserver<ExecSyncResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            ExecResult r = containers()
                    .execSync(new ContainerLifecycle.ExecSyncCommand(
                            request.getContainerId(),
                            request.getCmdList(),
                            Duration.ofSeconds(Math.max(0, request.getTimeout()))));
            return ExecSyncResponse.newBuilder()
                    .setStdout(ByteString.copyFrom(r.stdout()))
                    .setStderr(ByteString.copyFrom(r.stderr()))
                    .setExitCode(r.exitCode())
                    .build();
        });
    }

    void updateResources(
            UpdateContainerResourcesRequest request, StreamObserver<UpdateContainerResourcesResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            if (!request.hasLinux()) {
                throw new JcriException.InvalidArgument("UpdateContainerResources for container "
                        + request.getContainerId() + ": no Linux resources given");
            }
            containers().updateResources(request.getContainerId(), ContainerProtoMapper.resources(request.getLinux()));
            return UpdateContainerResourcesResponse.getDefaultInstance();
        });
    }

    void updateSandboxResources(
            UpdatePodSandboxResourcesRequest request, StreamObserver<UpdatePodSandboxResourcesResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            containers()
                    .updateSandboxResources(
                            request.getPodSandboxId(),
                            ContainerProtoMapper.resources(request.getOverhead()),
                            ContainerProtoMapper.resources(request.getResources()));
            return UpdatePodSandboxResourcesResponse.getDefaultInstance();
        });
    }

    void reopenLog(ReopenContainerLogRequest request, StreamObserver<ReopenContainerLogResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            containers().reopenLog(request.getContainerId());
            return ReopenContainerLogResponse.getDefaultInstance();
        });
    }
}
