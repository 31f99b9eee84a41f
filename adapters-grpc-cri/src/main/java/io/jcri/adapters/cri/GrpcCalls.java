package io.jcri.adapters.cri;

import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.Function;
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

    /** A server-streaming list: one message per item, then completion. */
    static <T, R> void stream(StreamObserver<R> observer, Supplier<List<T>> items, Function<T, R> toMessage) {
        List<T> list;
        try {
            list = items.get();
        } catch (RuntimeException e) {
            observer.onError(ErrorStatus.of(e).asRuntimeException());
            return;
        }
        for (T item : list) {
            observer.onNext(toMessage.apply(item));
        }
        observer.onCompleted();
    }
}
