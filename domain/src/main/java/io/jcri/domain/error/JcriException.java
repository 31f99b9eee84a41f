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

    private JcriException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The object asked for does not exist. */
    public static final class NotFound extends JcriException {
        public NotFound(String message) {
            super(message, null);
        }
    }

    /** An object with that identity exists already. */
    public static final class AlreadyExists extends JcriException {
        public AlreadyExists(String message) {
            super(message, null);
        }
    }

    /** The request itself is wrong: a bad reference, a missing field, an unknown handler. */
    public static final class InvalidArgument extends JcriException {
        public InvalidArgument(String message) {
            super(message, null);
        }

        public InvalidArgument(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The object is not in a state that allows the operation. */
    public static final class FailedPrecondition extends JcriException {
        public FailedPrecondition(String message) {
            super(message, null);
        }
    }

    /** Something jcri depends on (containerd, a registry, CNI) cannot be reached now. */
    public static final class Unavailable extends JcriException {
        public Unavailable(String message) {
            super(message, null);
        }

        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The operation did not finish within its time limit. */
    public static final class DeadlineExceeded extends JcriException {
        public DeadlineExceeded(String message) {
            super(message, null);
        }
    }

    /** Anything else: a bug or an unexpected answer from below. */
    public static final class Internal extends JcriException {
        public Internal(String message) {
            super(message, null);
        }

        public Internal(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
