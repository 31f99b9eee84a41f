package io.jcri.adapters.cri;

import io.grpc.stub.StreamObserver;
import io.jcri.cri.v1.CheckpointContainerRequest;
import io.jcri.cri.v1.CheckpointContainerResponse;
import io.jcri.cri.v1.CheckpointPodRequest;
import io.jcri.cri.v1.CheckpointPodResponse;
import io.jcri.cri.v1.RestorePodRequest;
import io.jcri.cri.v1.RestorePodResponse;

/** CheckpointContainer, CheckpointPod and RestorePod over the checkpointing use case. */
final class GrpcCheckpointRpcs {
    private final CriUseCases useCases;

    GrpcCheckpointRpcs(CriUseCases useCases) {
        this.useCases = useCases;
    }

    void container(CheckpointContainerRequest request, StreamObserver<CheckpointContainerResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            useCases.checkpointing().checkpointContainer(CheckpointProtoMapper.command(request));
            return CheckpointContainerResponse.getDefaultInstance();
        });
    }

    void pod(CheckpointPodRequest request, StreamObserver<CheckpointPodResponse> observer) {
        GrpcCalls.unary(observer, () -> {
            useCases.checkpointing().checkpointPod(CheckpointProtoMapper.command(request));
            return CheckpointPodResponse.getDefaultInstance();
        });
    }

    void restorePod(RestorePodRequest request, StreamObserver<RestorePodResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> CheckpointProtoMapper.response(
                        useCases.checkpointing().restorePod(CheckpointProtoMapper.command(request))));
    }
}
