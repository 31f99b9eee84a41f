package io.jcri.adapters.cri;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jcri.cri.v1.CheckpointContainerRequest;
import io.jcri.cri.v1.CheckpointContainerResponse;
import io.jcri.cri.v1.RuntimeServiceGrpc;
import io.jcri.cri.v1.StatusRequest;
import io.jcri.cri.v1.StatusResponse;
import io.jcri.cri.v1.VersionRequest;
import io.jcri.cri.v1.VersionResponse;
import io.jcri.ports.in.RuntimeStatus;

/**
 * CRI RuntimeService. The RPCs not overridden here answer UNIMPLEMENTED naming the method (grpc's
 * generated base does that) until the issue that owns them lands.
 */
final class GrpcRuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    private final RuntimeStatus runtimeStatus;

    GrpcRuntimeService(RuntimeStatus runtimeStatus) {
        this.runtimeStatus = runtimeStatus;
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
    public void checkpointContainer(
            CheckpointContainerRequest request, StreamObserver<CheckpointContainerResponse> observer) {
        observer.onError(Status.UNIMPLEMENTED
                .withDescription("CheckpointContainer: checkpointing is not supported by jcri (container "
                        + request.getContainerId() + ")")
                .asRuntimeException());
    }
}
