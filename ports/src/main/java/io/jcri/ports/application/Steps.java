package io.jcri.ports.application;

import io.jcri.domain.error.JcriException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * The steps of one operation that must not half-happen: each step that succeeds may register its
 * undo; when a later step fails, the undos run in reverse and the error names the step.
 */
final class Steps {
    private static final System.Logger log = System.getLogger(Steps.class.getName());
    private final String operation;
    private final Deque<Runnable> undos = new ArrayDeque<>();

    Steps(String operation) {
        this.operation = operation;
    }

    <T> T run(String step, Supplier<T> body) {
        try {
            return body.get();
        } catch (JcriException e) {
            throw Errors.withContext(e, operation + ": " + step + " failed: ");
        } catch (RuntimeException e) {
            throw new JcriException.Internal(operation + ": " + step + " failed: " + e, e);
        }
    }

    void run(String step, Runnable body) {
        run(step, () -> {
            body.run();
            return null;
        });
    }

    void undo(Runnable undo) {
        undos.push(undo);
    }

    /** Runs the registered undos, last first; their failures are logged, not thrown. */
    void rollback() {
        while (!undos.isEmpty()) {
            try {
                undos.pop().run();
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, operation + ": undoing a step failed: " + e.getMessage(), e);
            }
        }
    }
}
