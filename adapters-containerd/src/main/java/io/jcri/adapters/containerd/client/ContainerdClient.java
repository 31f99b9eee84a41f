package io.jcri.adapters.containerd.client;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.runtime.EngineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel to containerd's socket. Every call carries the namespace as the
 * {@code containerd-namespace} header (the channel's one interceptor, {@link Headers}); failures
 * become jcri errors naming the socket. The channel reconnects by itself; when containerd has been
 * down for a while the connect backoff is reset on the next call so recovery is seen at once.
 *
 * <p>The calls themselves go through one class per containerd service in this package
 * ({@link Containers}, {@link Tasks}, {@link Snapshots}, {@link Leases}, {@link Content},
 * {@link Images}, {@link Diff}, {@link Events}, {@link Introspection}): each unary call there has a
 * deadline from {@link CallDeadlines}, and {@link CallObserver}s see it under containerd's service
 * and method name, such as {@code Snapshots.Prepare}.
 */
public final class ContainerdClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ContainerdClient.class);
    private final Path socket;
    private final String namespace;
    private final ManagedChannel managedChannel;
    private final Channel channel;
    private final CallDeadlines deadlines;

    private ContainerdClient(Path socket, String namespace, CallDeadlines deadlines) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        this.managedChannel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create())
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
        this.channel = ClientInterceptors.intercept(managedChannel, Headers.namespace(namespace));
    }

    /** A client for the containerd at {@code socket}, working in {@code namespace}, with the default deadlines. */
    public static ContainerdClient connect(Path socket, String namespace) {
        return connect(socket, namespace, CallDeadlines.defaults());
    }

    /** A client for the containerd at {@code socket}, working in {@code namespace}, its calls under {@code deadlines}. */
    public static ContainerdClient connect(Path socket, String namespace, CallDeadlines deadlines) {
        return new ContainerdClient(socket, namespace, deadlines);
    }

    /** How long each kind of call may take. */
    public CallDeadlines deadlines() {
        return deadlines;
    }

    public Path socket() {
        return socket;
    }

    public String namespace() {
        return namespace;
    }

    /** The namespaced channel the service classes call on. */
    Channel channel() {
        return channel;
    }

    /** containerd's version, asked now. */
    public EngineInfo version() {
        return new Introspection(this).version();
    }

    /**
     * Whether this containerd runs its own CRI plugin (loaded without an init error): then it and
     * jcri would both manage the same namespace.
     */
    public boolean hasOwnCriPlugin() {
        return new Introspection(this).hasOwnCriPlugin();
    }

    /**
     * Runs one call to containerd, turning its failures into jcri's errors. {@code method} is
     * containerd's service and method ({@code Snapshots.Prepare}), {@code what} names the call and
     * its object in messages.
     */
    <T> T call(String method, String what, Supplier<T> rpc) {
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
            long nanos = System.nanoTime() - started;
            observe(method, nanos, ok);
            if (log.isDebugEnabled()) {
                log.debug("containerd {} {} in {}us", what, ok ? "ok" : "failed", nanos / 1000);
            }
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
    <T> T callDetached(String method, String what, Supplier<T> rpc) {
        Context previous = Context.ROOT.attach();
        try {
            return call(method, what, rpc);
        } finally {
            Context.ROOT.detach(previous);
        }
    }

    // ---- call timing (for metrics) ----

    /** Told of every unary call made through {@link #call}: its method, how long, whether it succeeded. */
    @FunctionalInterface
    public interface CallObserver {
        /**
         * @param method containerd's service and method, without the proto package, such as
         *     {@code Tasks.Metrics} or {@code Snapshots.Prepare}
         */
        void observe(String method, long nanos, boolean ok);
    }

    private volatile CallObserver callObserver = (m, n, ok) -> {};

    /** Reports every call to {@code observer} (replacing any before). */
    public void observeCalls(CallObserver observer) {
        this.callObserver = observer;
    }

    private void observe(String method, long nanos, boolean ok) {
        try {
            callObserver.observe(method, nanos, ok);
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
}
