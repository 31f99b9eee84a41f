package io.jcri.ports.application.common;

import io.jcri.domain.error.JcriException;
import io.jcri.ports.in.CallerCancellation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * The steps of one operation that must not half-happen: each step that succeeds may register its
 * undo; when a later step fails, the undos run in reverse and the error names the step.
 */
public final class Steps {
    private static final System.Logger log = System.getLogger(Steps.class.getName());
    private final String operation;
    private final Deque<Runnable> undos = new ArrayDeque<>();
    private final boolean stopsWhenCallerGone;

    /** Steps that run to their end whoever waits for them (a stop, a removal). */
    public Steps(String operation) {
        this(operation, false);
    }

    private Steps(String operation, boolean stopsWhenCallerGone) {
        this.operation = operation;
        this.stopsWhenCallerGone = stopsWhenCallerGone;
    }

    /**
     * Steps that stop when the caller has gone ({@link CallerCancellation}): the next step throws
     * instead of running, and the caller's rollback undoes what was done (a creation nobody waits
     * for any more).
     */
    public static Steps cancellable(String operation) {
        return new Steps(operation, true);
    }

    /** Throws when these steps stop for a caller that has gone. */
    public void checkCaller(String step) {
        if (stopsWhenCallerGone && CallerCancellation.callerGone()) {
            throw new JcriException.DeadlineExceeded(operation + ": the caller went away (cancelled, or its deadline"
                    + " passed) before " + step + "; what was done is undone");
        }
    }

    public <T> T run(String step, Supplier<T> body) {
        checkCaller(step);
        try {
            return body.get();
        } catch (JcriException e) {
            throw Errors.withContext(e, operation + ": " + step + " failed: ");
        } catch (RuntimeException e) {
            throw new JcriException.Internal(operation + ": " + step + " failed: " + e, e);
        }
    }

    public void run(String step, Runnable body) {
        run(step, () -> {
            body.run();
            return null;
        });
    }

    public void undo(Runnable undo) {
        undos.push(undo);
    }

    /**
     * Runs the registered undos, last first; their failures are logged, not thrown. Each undo's
     * calls to the engine carry their own deadline, never the caller's (which may have passed).
     */
    public void rollback() {
        while (!undos.isEmpty()) {
            try {
                undos.pop().run();
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, operation + ": undoing a step failed: " + e.getMessage(), e);
            }
        }
    }
}
