package io.jcri.adapters.containerd.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * The request headers containerd reads, added the one way: the namespace on every call (the
 * client's channel), the lease on the calls of a leased service object.
 */
public final class Headers implements ClientInterceptor {
    /** The namespace a call works in. */
    public static final Metadata.Key<String> NAMESPACE =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

    /** The lease what a call creates is held by. */
    public static final Metadata.Key<String> LEASE =
            Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);

    private final Metadata.Key<String> key;
    private final String value;

    private Headers(Metadata.Key<String> key, String value) {
        this.key = key;
        this.value = value;
    }

    static ClientInterceptor namespace(String namespace) {
        return new Headers(NAMESPACE, namespace);
    }

    static ClientInterceptor lease(String leaseId) {
        return new Headers(LEASE, leaseId);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                headers.put(key, value);
                super.start(listener, headers);
            }
        };
    }
}
