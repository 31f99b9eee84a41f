package io.jcri.adapters.cri;

import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** Runs a unary handler's body and sends its answer, or its error as a gRPC status. */
final class GrpcCalls {
    private GrpcCalls() {}

    static <R> void unary(StreamObserver<R> observer, Supplier<R> body) {
        R response;
        try {
            response = body.get();
        } catch (RuntimeException e) {
            observer.onError(ErrorStatus.of(e).asRuntimeException());
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }
}
