package io.jcri.adapters.containerd.client;

import com.google.protobuf.Empty;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.ForwardingClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jcri.containerd.api.services.introspection.v1.IntrospectionGrpc;
import io.jcri.containerd.api.services.introspection.v1.Plugin;
import io.jcri.containerd.api.services.introspection.v1.PluginsRequest;
import io.jcri.containerd.api.services.version.v1.VersionGrpc;
import io.jcri.containerd.api.services.version.v1.VersionResponse;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.runtime.EngineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One channel to containerd's socket. Every call carries the namespace as the
 * {@code containerd-namespace} header; failures become jcri errors naming the socket. The channel
 * reconnects by itself; when containerd has been down for a while the connect backoff is reset on
 * the next call so recovery is seen at once.
 */
public final class ContainerdClient implements AutoCloseable {
    static final Metadata.Key<String> NAMESPACE_HEADER =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

    private final Path socket;
    private final String namespace;
    private final ManagedChannel managedChannel;
    private final Channel channel;
    private final Duration shortCallTimeout;

    private ContainerdClient(Path socket, String namespace, Duration shortCallTimeout) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.shortCallTimeout = shortCallTimeout;
        this.managedChannel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create())
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
        this.channel = ClientInterceptors.intercept(managedChannel, new NamespaceHeader(namespace));
    }

    /** A client for the containerd at {@code socket}, working in {@code namespace}. */
    public static ContainerdClient connect(Path socket, String namespace) {
        return new ContainerdClient(socket, namespace, Duration.ofSeconds(5));
    }

    public Path socket() {
        return socket;
    }

    public String namespace() {
        return namespace;
    }

    /** The namespaced channel the service stubs are built on. */
    public Channel channel() {
        return channel;
    }

    /** containerd's version, asked now. */
    public EngineInfo version() {
        VersionResponse v = call(
                "Version",
                () -> VersionGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(shortCallTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .version(Empty.getDefaultInstance()));
        return new EngineInfo(v.getVersion(), v.getRevision());
    }

    /**
     * Whether this containerd runs its own CRI plugin (loaded without an init error): then it and
     * jcri would both manage the same namespace.
     */
    public boolean hasOwnCriPlugin() {
        var plugins = call(
                "Plugins",
                () -> IntrospectionGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(shortCallTimeout.toMillis(), TimeUnit.MILLISECONDS)
                        .plugins(PluginsRequest.newBuilder()
                                .addFilters("type==io.containerd.grpc.v1,id==cri")
                                .build()));
        for (Plugin p : plugins.getPluginsList()) {
            if (!p.hasInitErr()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs one call to containerd, turning its failures into jcri's errors. {@code what} names the
     * call in messages.
     */
    public <T> T call(String what, Supplier<T> rpc) {
        if (!Files.exists(socket)) {
            throw new JcriException.Unavailable(
                    "containerd socket " + socket
                            + " does not exist: is containerd running? (set jcri.containerd.socket, or jcri.containerd.managed=true)");
        }
        if (managedChannel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
            managedChannel.resetConnectBackoff();
        }
        long started = System.nanoTime();
        boolean ok = false;
        try {
            T result = rpc.get();
            ok = true;
            return result;
        } catch (StatusRuntimeException e) {
            throw translate(what, e);
        } finally {
            observe(what, System.nanoTime() - started, ok);
        }
    }

    /**
     * As {@link #call}, but outside the caller's gRPC context: neither the CRI client's deadline
     * nor its cancellation reaches containerd, only the call's own deadline. Calls that create or
     * remove a container, task, snapshot or lease go so: a client that goes away mid-call must not
     * cut a Tasks.Create short (containerd would leave the shim it started running), and the undo
     * after a call whose deadline has passed must still reach containerd. The core checks for a
     * cancelled caller between steps and undoes what it did.
     */
    public <T> T callDetached(String what, Supplier<T> rpc) {
        Context previous = Context.ROOT.attach();
        try {
            return call(what, rpc);
        } finally {
            Context.ROOT.detach(previous);
        }
    }

    // ---- call timing (for metrics) ----

    /** Told of every unary call made through {@link #call}: its method, how long, whether it succeeded. */
    @FunctionalInterface
    public interface CallObserver {
        /** @param method the service and method, e.g. {@code Tasks.Metrics} */
        void observe(String method, long nanos, boolean ok);
    }

    private volatile CallObserver callObserver = (m, n, ok) -> {};

    /** Reports every call to {@code observer} (replacing any before). */
    public void observeCalls(CallObserver observer) {
        this.callObserver = observer;
    }

    private void observe(String what, long nanos, boolean ok) {
        int space = what.indexOf(' ');
        try {
            callObserver.observe(space < 0 ? what : what.substring(0, space), nanos, ok);
        } catch (RuntimeException e) {
            // metrics never fail a call
        }
    }

    JcriException translate(String what, StatusRuntimeException e) {
        Status s = e.getStatus();
        String detail = "containerd " + what + ": " + (s.getDescription() == null ? s.getCode() : s.getDescription());
        return switch (s.getCode()) {
            case NOT_FOUND -> new JcriException.NotFound(detail);
            case ALREADY_EXISTS -> new JcriException.AlreadyExists(detail);
            case INVALID_ARGUMENT -> new JcriException.InvalidArgument(detail, e);
            case FAILED_PRECONDITION -> new JcriException.FailedPrecondition(detail);
            case DEADLINE_EXCEEDED ->
                new JcriException.DeadlineExceeded("containerd at " + socket + " did not answer " + what + " in time");
            case UNAVAILABLE, CANCELLED ->
                new JcriException.Unavailable(
                        "containerd at " + socket + " is not answering (" + what + "): " + s.getDescription(), e);
            default -> new JcriException.Internal(detail, e);
        };
    }

    @Override
    public void close() {
        managedChannel.shutdownNow();
        try {
            managedChannel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class NamespaceHeader implements ClientInterceptor {
        private final String namespace;

        NamespaceHeader(String namespace) {
            this.namespace = namespace;
        }

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> listener, Metadata headers) {
                    headers.put(NAMESPACE_HEADER, namespace);
                    super.start(listener, headers);
                }
            };
        }
    }
}
