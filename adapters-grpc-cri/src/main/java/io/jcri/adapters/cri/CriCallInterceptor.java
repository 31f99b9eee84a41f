package io.jcri.adapters.cri;

import io.grpc.Context;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.jcri.ports.in.CallerCancellation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge of every CRI call: one debug line per call, jcri's errors turned into gRPC statuses,
 * and each failure logged once (warn for server-side faults, debug for the client's); the core
 * sees, through {@link CallerCancellation}, when a call's client has gone.
 */
public final class CriCallInterceptor implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(CriCallInterceptor.class);
    /** The timer of every CRI call; Prometheus shows it as {@code jcri_cri_request_seconds}. */
    public static final String REQUEST_TIMER = "jcri.cri.request";

    private final MeterRegistry meters;
    /** The timer of each method and code, registered once (a registry look-up per call costs more). */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /** @param meters where call durations go ({@link #REQUEST_TIMER}); null for none */
    public CriCallInterceptor(MeterRegistry meters) {
        this.meters = meters;
    }

    public CriCallInterceptor() {
        this(null);
    }

    private void record(String method, Status.Code code, long nanos) {
        if (meters == null) {
            return;
        }
        timers.computeIfAbsent(
                        method + ' ' + code.name(),
                        k -> Timer.builder(REQUEST_TIMER)
                                .description("CRI calls by method and gRPC status code")
                                .tag("method", method)
                                .tag("code", code.name())
                                .publishPercentileHistogram()
                                .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        long started = System.nanoTime();
        ServerCall<Q, R> logged = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status answer, Metadata trailers) {
                // a message quoting a huge request field would fail the client's whole connection
                Status status = ErrorStatus.bounded(answer);
                long nanos = System.nanoTime() - started;
                record(method, status.getCode(), nanos);
                long micros = nanos / 1000;
                if (status.isOk()) {
                    log.debug("CRI {} ok in {}us", method, micros);
                } else if (isUnexpected(status)) {
                    // a bug or an answer nothing expected: its stack, once, here at the edge
                    log.error(
                            "CRI {} failed: {} {}",
                            method,
                            status.getCode(),
                            status.getDescription(),
                            status.getCause());
                } else if (isServerFault(status)) {
                    log.warn("CRI {} failed: {} {}", method, status.getCode(), status.getDescription());
                } else {
                    log.debug("CRI {} -> {} {} in {}us", method, status.getCode(), status.getDescription(), micros);
                }
                super.close(status, trailers);
            }
        };
        ServerCall.Listener<Q> delegate = next.startCall(logged, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(Q message) {
                guard(() -> super.onMessage(message));
            }

            @Override
            public void onHalfClose() {
                // a unary call's handler runs here: the core can see its client go away
                Context call = Context.current();
                guard(() -> CallerCancellation.during(call::isCancelled, super::onHalfClose));
            }

            @Override
            public void onReady() {
                guard(super::onReady);
            }

            private void guard(Runnable step) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    // logged once, by close
                    logged.close(ErrorStatus.of(e), new Metadata());
                }
            }
        };
    }

    /** INTERNAL or UNKNOWN with the exception that caused it. */
    static boolean isUnexpected(Status status) {
        return status.getCause() != null
                && (status.getCode() == Status.Code.INTERNAL || status.getCode() == Status.Code.UNKNOWN);
    }

    private static boolean isServerFault(Status status) {
        return switch (status.getCode()) {
            case INTERNAL, UNKNOWN, UNAVAILABLE, DATA_LOSS -> true;
            default -> false;
        };
    }
}
