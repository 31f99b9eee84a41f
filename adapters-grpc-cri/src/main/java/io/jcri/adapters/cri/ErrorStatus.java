package io.jcri.adapters.cri;

import io.grpc.Status;
import io.jcri.domain.error.JcriException;

/** The one mapping from jcri's error family to gRPC status codes. */
final class ErrorStatus {
    private ErrorStatus() {}

    static Status of(Throwable t) {
        if (t instanceof JcriException e) {
            return code(e.kind()).withDescription(e.getMessage()).withCause(e);
        }
        if (t instanceof io.grpc.StatusRuntimeException sre) {
            return sre.getStatus();
        }
        return Status.INTERNAL
                .withDescription(t.getClass().getSimpleName() + ": " + t.getMessage())
                .withCause(t);
    }

    static Status code(JcriException.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> Status.NOT_FOUND;
            case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
            case INTERNAL -> Status.INTERNAL;
        };
    }
}
