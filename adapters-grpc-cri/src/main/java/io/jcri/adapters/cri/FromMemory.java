package io.jcri.adapters.cri;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jcri.ports.in.CallerCancellation;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Unary calls that {@link CriCallExecutors} leaves on the transport's thread (the Netty event loop
 * that read the request): answered right there when memory has the answer, which saves the two
 * thread hand-offs a pool costs; otherwise continued on a pool thread, since the transport's
 * threads serve every connection and must never wait on containerd.
 */
final class FromMemory {
    /** Everything on the calling thread: for servers that run every call on a pool already. */
    static final FromMemory INLINE = new FromMemory(Runnable::run);

    private final Executor pool;

    /** @param pool where a call whose answer is not in memory continues */
    FromMemory(Executor pool) {
        this.pool = pool;
    }

    /**
     * Answers with {@code memory}'s result when it has one (its errors too: a lookup that fails in
     * memory fails the call), else runs {@code engine} on the pool.
     */
    <R> void unary(StreamObserver<R> observer, Supplier<Optional<R>> memory, Supplier<R> engine) {
        Optional<R> answer;
        try {
            answer = memory.get();
        } catch (RuntimeException e) {
            observer.onError(ErrorStatus.of(e).asRuntimeException());
            return;
        }
        if (answer.isPresent()) {
            observer.onNext(answer.get());
            observer.onCompleted();
            return;
        }
        Context call = Context.current();
        Runnable rest =
                call.wrap(() -> CallerCancellation.during(call::isCancelled, () -> GrpcCalls.unary(observer, engine)));
        try {
            pool.execute(rest);
        } catch (RejectedExecutionException e) {
            observer.onError(Status.UNAVAILABLE
                    .withDescription("jcri is shutting down: no thread takes the call")
                    .asRuntimeException());
        }
    }
}
