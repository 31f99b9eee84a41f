package io.jcri.adapters.cri;

import io.grpc.Status;
import io.jcri.domain.error.JcriException;

/** The one mapping from jcri's error family to gRPC status codes. */
final class ErrorStatus {
    private ErrorStatus() {}

    static Status of(Throwable t) {
        if (t instanceof JcriException e) {
            Status status;
            if (e instanceof JcriException.NotFound) {
                status = Status.NOT_FOUND;
            } else if (e instanceof JcriException.AlreadyExists) {
                status = Status.ALREADY_EXISTS;
            } else if (e instanceof JcriException.InvalidArgument) {
                status = Status.INVALID_ARGUMENT;
            } else if (e instanceof JcriException.FailedPrecondition) {
                status = Status.FAILED_PRECONDITION;
            } else if (e instanceof JcriException.Unavailable) {
                status = Status.UNAVAILABLE;
            } else if (e instanceof JcriException.DeadlineExceeded) {
                status = Status.DEADLINE_EXCEEDED;
            } else {
                status = Status.INTERNAL;
            }
            return status.withDescription(e.getMessage()).withCause(e);
        }
        if (t instanceof io.grpc.StatusRuntimeException sre) {
            return sre.getStatus();
        }
        return Status.INTERNAL
                .withDescription(t.getClass().getSimpleName() + ": " + t.getMessage())
                .withCause(t);
    }
}
