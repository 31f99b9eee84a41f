package io.jcri.adapters.cri;

import io.grpc.stub.StreamObserver;
import io.jcri.cri.v1.AttachRequest;
import io.jcri.cri.v1.AttachResponse;
import io.jcri.cri.v1.ExecRequest;
import io.jcri.cri.v1.ExecResponse;
import io.jcri.cri.v1.PortForwardRequest;
import io.jcri.cri.v1.PortForwardResponse;
import io.jcri.ports.in.Streaming;

/** Exec, Attach and PortForward: each answers a URL on the streaming server, where the stream runs. */
final class GrpcStreamingRpcs {
    private final CriUseCases useCases;

    GrpcStreamingRpcs(CriUseCases useCases) {
        this.useCases = useCases;
    }

    void exec(ExecRequest request, StreamObserver<ExecResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> ExecResponse.newBuilder()
                        .setUrl(useCases.streaming()
                                .execUrl(new Streaming.ExecCommand(
                                        request.getContainerId(),
                                        request.getCmdList(),
                                        request.getTty(),
                                        request.getStdin(),
                                        request.getStdout(),
                                        request.getStderr())))
                        .build());
    }

    void attach(AttachRequest request, StreamObserver<AttachResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> AttachResponse.newBuilder()
                        .setUrl(useCases.streaming()
                                .attachUrl(new Streaming.AttachCommand(
                                        request.getContainerId(),
                                        request.getTty(),
                                        request.getStdin(),
                                        request.getStdout(),
                                        request.getStderr())))
                        .build());
    }

    void portForward(PortForwardRequest request, StreamObserver<PortForwardResponse> observer) {
        GrpcCalls.unary(
                observer,
                () -> PortForwardResponse.newBuilder()
                        .setUrl(useCases.streaming()
                                .portForwardUrl(new Streaming.PortForwardCommand(
                                        request.getPodSandboxId(), request.getPortList())))
                        .build());
    }
}
