package io.jcri.adapters.cri;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge of every CRI call: one debug line per call, jcri's errors turned into gRPC statuses,
 * and each failure logged once (warn for server-side faults, debug for the client's).
 */
public final class CriCallInterceptor implements ServerInterceptor {
    private static final Logger log = LoggerFactory.getLogger(CriCallInterceptor.class);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        long started = System.nanoTime();
        ServerCall<Q, R> logged = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                long micros = (System.nanoTime() - started) / 1000;
                if (status.isOk()) {
                    log.debug("CRI {} ok in {}us", method, micros);
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
                guard(super::onHalfClose);
            }

            @Override
            public void onReady() {
                guard(super::onReady);
            }

            private void guard(Runnable step) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    Status status = ErrorStatus.of(e);
                    if (status.getCode() == Status.Code.INTERNAL) {
                        log.warn("CRI {} internal error", method, e);
                    }
                    logged.close(status, new Metadata());
                }
            }
        };
    }

    private static boolean isServerFault(Status status) {
        return switch (status.getCode()) {
            case INTERNAL, UNKNOWN, UNAVAILABLE, DATA_LOSS -> true;
            default -> false;
        };
    }
}
