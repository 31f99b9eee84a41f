package io.jcri.adapters.cri;

import io.grpc.Status;
import io.jcri.domain.error.JcriException;
import java.nio.charset.StandardCharsets;

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

    /**
     * The most of a status message sent (UTF-8 bytes): it travels in an HTTP/2 trailer,
     * percent-encoded, and a trailer over the client's header limit (8 KiB for grpc-go and
     * grpc-java) fails the client's whole connection, not only the call.
     */
    static final int MAX_DESCRIPTION_BYTES = 1024;

    /** {@code status} with its message cut to {@link #MAX_DESCRIPTION_BYTES}, saying how long it was. */
    static Status bounded(Status status) {
        String d = status.getDescription();
        if (d == null
                || d.length() * 3 <= MAX_DESCRIPTION_BYTES
                || d.getBytes(StandardCharsets.UTF_8).length <= MAX_DESCRIPTION_BYTES) {
            return status;
        }
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < d.length(); ) {
            int cp = d.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_DESCRIPTION_BYTES) {
                break;
            }
            kept.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return status.withDescription(kept + "... (message cut: " + d.length() + " characters; the end: "
                + d.substring(Math.max(
                        0, d.offsetByCodePoints(d.length(), -Math.min(40, d.codePointCount(0, d.length())))))
                + ")");
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
