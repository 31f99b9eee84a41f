package io.jcri.adapters.containerd.nri;

/** A ttrpc call that failed: the status code (gRPC's numbering) and message from the other end, or ours. */
final class TtrpcException extends Exception {
    private static final long serialVersionUID = 1L;

    static final int UNKNOWN = 2;
    static final int DEADLINE_EXCEEDED = 4;
    static final int UNIMPLEMENTED = 12;
    static final int INTERNAL = 13;
    static final int UNAVAILABLE = 14;

    private final int code;

    TtrpcException(int code, String message) {
        super(message);
        this.code = code;
    }

    int code() {
        return code;
    }
}
