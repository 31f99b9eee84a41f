package io.jcri.ports.application;

import io.jcri.domain.error.JcriException;

/** Puts context in front of an error's message, keeping its kind (and so its status code). */
final class Errors {
    private Errors() {}

    static JcriException withContext(JcriException e, String prefix) {
        String m = prefix + e.getMessage();
        JcriException out;
        if (e instanceof JcriException.NotFound) {
            out = new JcriException.NotFound(m);
        } else if (e instanceof JcriException.AlreadyExists) {
            out = new JcriException.AlreadyExists(m);
        } else if (e instanceof JcriException.InvalidArgument) {
            out = new JcriException.InvalidArgument(m, e);
        } else if (e instanceof JcriException.FailedPrecondition) {
            out = new JcriException.FailedPrecondition(m);
        } else if (e instanceof JcriException.Unavailable) {
            out = new JcriException.Unavailable(m, e);
        } else if (e instanceof JcriException.DeadlineExceeded) {
            out = new JcriException.DeadlineExceeded(m);
        } else {
            out = new JcriException.Internal(m, e);
        }
        if (out.getCause() == null) {
            out.addSuppressed(e);
        }
        return out;
    }
}
