package io.jcri.adapters.containerd.task;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** Puts a lease id in the {@code containerd-lease} header, so containerd makes things under it. */
final class LeaseHeader implements ClientInterceptor {
    static final Metadata.Key<String> KEY = Metadata.Key.of("containerd-lease", Metadata.ASCII_STRING_MARSHALLER);

    private final String leaseId;

    LeaseHeader(String leaseId) {
        this.leaseId = leaseId;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                headers.put(KEY, leaseId);
                super.start(listener, headers);
            }
        };
    }
}
