package io.jcri.adapters.containerd.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.jcri.domain.error.JcriException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * How the service classes call containerd: on the client's namespaced channel (or that channel
 * with a lease header), each call with its deadline, timed under containerd's name for it
 * ({@link #label}) and its failures translated by the client.
 */
final class Calls {
    private final ContainerdClient client;
    private final Channel channel;

    Calls(ContainerdClient client) {
        this(client, client.channel());
    }

    private Calls(ContainerdClient client, Channel channel) {
        this.client = client;
        this.channel = channel;
    }

    /** The same calls, each sending {@code leaseId} so that what they create is held by that lease. */
    Calls leased(String leaseId) {
        if (leaseId == null || leaseId.isBlank()) {
            throw new JcriException.InvalidArgument("lease id is empty");
        }
        return new Calls(client, ClientInterceptors.intercept(client.channel(), Headers.lease(leaseId)));
    }

    ContainerdClient client() {
        return client;
    }

    CallDeadlines deadlines() {
        return client.deadlines();
    }

    /**
     * containerd's service and method, without the proto package: {@code
     * containerd.services.snapshots.v1.Snapshots/Prepare} is {@code Snapshots.Prepare}.
     */
    static String label(MethodDescriptor<?, ?> method) {
        String service = method.getServiceName();
        String simple = service == null ? "" : service.substring(service.lastIndexOf('.') + 1);
        return simple + "." + method.getBareMethodName();
    }

    /** One unary call in the caller's context (its deadline and cancellation reach containerd too). */
    <Q, R> R unary(MethodDescriptor<Q, R> method, Q request, Duration deadline, String object) {
        String label = label(method);
        return client.call(
                label,
                what(label, object),
                () -> ClientCalls.blockingUnaryCall(channel, method, options(deadline), request));
    }

    /** One unary call outside the caller's context: only its own deadline applies (see {@link ContainerdClient}). */
    <Q, R> R detached(MethodDescriptor<Q, R> method, Q request, Duration deadline, String object) {
        String label = label(method);
        return client.callDetached(
                label,
                what(label, object),
                () -> ClientCalls.blockingUnaryCall(channel, method, options(deadline), request));
    }

    /**
     * One unary call outside the caller's context that holds no thread while it runs: the future
     * completes on gRPC's executor with the answer or the translated failure (its time is not
     * observed: a wait lasts as long as the process).
     */
    <Q, R> CompletableFuture<R> async(MethodDescriptor<Q, R> method, Q request, Duration deadline, String object) {
        CompletableFuture<R> answer = new CompletableFuture<>();
        String what = what(label(method), object);
        Context previous = Context.ROOT.attach();
        try {
            ClientCalls.asyncUnaryCall(channel.newCall(method, options(deadline)), request, new StreamObserver<R>() {
                @Override
                public void onNext(R value) {
                    answer.complete(value);
                }

                @Override
                public void onError(Throwable t) {
                    answer.completeExceptionally(
                            t instanceof StatusRuntimeException e
                                    ? client.translate(what, e)
                                    : new JcriException.Internal("containerd " + what + ": " + t, t));
                }

                @Override
                public void onCompleted() {
                    if (!answer.isDone()) {
                        answer.completeExceptionally(new JcriException.Internal("containerd " + what + ": no answer"));
                    }
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        } finally {
            Context.ROOT.detach(previous);
        }
        return answer;
    }

    /** A server stream read whole by {@code read} within {@code deadline}. */
    <Q, R, T> T stream(
            MethodDescriptor<Q, R> method, Q request, Duration deadline, String object, Function<Iterator<R>, T> read) {
        String label = label(method);
        return client.call(
                label,
                what(label, object),
                () -> read.apply(ClientCalls.blockingServerStreamingCall(channel, method, options(deadline), request)));
    }

    /** A server stream that lasts until it breaks or the caller's context is cancelled: no deadline. */
    <Q, R> Iterator<R> subscription(MethodDescriptor<Q, R> method, Q request) {
        String label = label(method);
        return client.call(
                label,
                label,
                () -> ClientCalls.blockingServerStreamingCall(channel, method, CallOptions.DEFAULT, request));
    }

    /** A client-and-server stream, opened now, ending by {@code deadline}. */
    <Q, R> StreamObserver<Q> bidi(MethodDescriptor<Q, R> method, Duration deadline, StreamObserver<R> responses) {
        return ClientCalls.asyncBidiStreamingCall(channel.newCall(method, options(deadline)), responses);
    }

    /** The jcri error for a failure a stream reported. */
    JcriException failure(MethodDescriptor<?, ?> method, String object, io.grpc.StatusRuntimeException e) {
        return client.translate(what(label(method), object), e);
    }

    private static CallOptions options(Duration deadline) {
        return CallOptions.DEFAULT.withDeadlineAfter(Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
    }

    private static String what(String label, String object) {
        return object == null || object.isEmpty() ? label : label + " " + object;
    }
}
