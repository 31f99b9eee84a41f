package io.jcri.domain.error;

/**
 * The errors jcri's core throws. Each kind maps to one gRPC status code and one HTTP status;
 * messages name the object and what was wrong.
 */
public abstract sealed class JcriException extends RuntimeException
        permits JcriException.NotFound,
                JcriException.AlreadyExists,
                JcriException.InvalidArgument,
                JcriException.FailedPrecondition,
                JcriException.Unavailable,
                JcriException.DeadlineExceeded,
                JcriException.Internal {

    /** The kinds of error, one per subclass: what each protocol edge switches on. */
    public enum Kind {
        NOT_FOUND,
        ALREADY_EXISTS,
        INVALID_ARGUMENT,
        FAILED_PRECONDITION,
        UNAVAILABLE,
        DEADLINE_EXCEEDED,
        INTERNAL
    }

    private JcriException(String message, Throwable cause) {
        super(message, cause);
    }

    /** This error's kind. */
    public abstract Kind kind();

    /** A new error of {@code kind}; {@code cause} (may be null) is its cause or, for kinds without one, suppressed. */
    public static JcriException of(Kind kind, String message, Throwable cause) {
        JcriException e = switch (kind) {
            case NOT_FOUND -> new NotFound(message);
            case ALREADY_EXISTS -> new AlreadyExists(message);
            case INVALID_ARGUMENT -> new InvalidArgument(message, cause);
            case FAILED_PRECONDITION -> new FailedPrecondition(message);
            case UNAVAILABLE -> new Unavailable(message, cause);
            case DEADLINE_EXCEEDED -> new DeadlineExceeded(message);
            case INTERNAL -> new Internal(message, cause);
        };
        if (cause != null && e.getCause() == null) {
            // the kinds that take no cause still carry it along
            e.addSuppressed(cause);
        }
        return e;
    }

    /** The object asked for does not exist. */
    public static final class NotFound extends JcriException {
        @Override
        public Kind kind() {
            return Kind.NOT_FOUND;
        }

        public NotFound(String message) {
            super(message, null);
        }
    }

    /** An object with that identity exists already. */
    public static final class AlreadyExists extends JcriException {
        @Override
        public Kind kind() {
            return Kind.ALREADY_EXISTS;
        }

        public AlreadyExists(String message) {
            super(message, null);
        }
    }

    /** The request itself is wrong: a bad reference, a missing field, an unknown handler. */
    public static final class InvalidArgument extends JcriException {
        @Override
        public Kind kind() {
            return Kind.INVALID_ARGUMENT;
        }

        public InvalidArgument(String message) {
            super(message, null);
        }

        public InvalidArgument(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The object is not in a state that allows the operation. */
    public static final class FailedPrecondition extends JcriException {
        @Override
        public Kind kind() {
            return Kind.FAILED_PRECONDITION;
        }

        public FailedPrecondition(String message) {
            super(message, null);
        }
    }

    /** Something jcri depends on (containerd, a registry, CNI) cannot be reached now. */
    public static final class Unavailable extends JcriException {
        @Override
        public Kind kind() {
            return Kind.UNAVAILABLE;
        }

        public Unavailable(String message) {
            super(message, null);
        }

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The operation did not finish within its time limit. */
    public static final class DeadlineExceeded extends JcriException {
        @Override
        public Kind kind() {
            return Kind.DEADLINE_EXCEEDED;
        }

        public DeadlineExceeded(String message) {
            super(message, null);
        }
    }

    /** Anything else: a bug or an unexpected answer from below. */
    public static final class Internal extends JcriException {
        @Override
        public Kind kind() {
            return Kind.INTERNAL;
        }

        public Internal(String message) {
            super(message, null);
        }

        public Internal(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
