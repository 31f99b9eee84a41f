package io.jcri.ports.application.common;

import io.jcri.domain.error.JcriException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * Steps of one operation that need none of the others done and so run at once: the first on the
 * calling thread, the others on a pool. Returns when every one has ended; the first failure is
 * thrown with the later ones added to it as suppressed, so no step's error is lost and none is left
 * running when the caller goes on.
 */
public final class SideBySide {
    private SideBySide() {}

    /**
     * @param what the operation, for the error of a step that fails with a checked cause
     * @param pool where the other steps run
     * @param here the step run on the calling thread
     * @param others the steps run on the pool
     */
    public static void run(String what, Executor pool, Runnable here, List<Runnable> others) {
        List<CompletableFuture<Void>> pending = new ArrayList<>(others.size());
        for (Runnable step : others) {
            pending.add(CompletableFuture.runAsync(step, pool));
        }
        RuntimeException failed = null;
        try {
            here.run();
        } catch (RuntimeException e) {
            failed = e;
        }
        for (CompletableFuture<Void> step : pending) {
            failed = add(failed, await(what, step));
        }
        if (failed != null) {
            throw failed;
        }
    }

    private static RuntimeException await(String what, CompletableFuture<Void> step) {
        try {
            step.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof RuntimeException re
                    ? re
                    : new JcriException.Internal(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new JcriException.Unavailable("interrupted while " + what, e);
        }
    }

    private static RuntimeException add(RuntimeException first, RuntimeException next) {
        if (next == null) {
            return first;
        }
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
