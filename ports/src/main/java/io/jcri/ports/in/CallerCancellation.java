package io.jcri.ports.in;

import java.util.function.BooleanSupplier;

/**
 * Whether the client of the call running on this thread has gone (cancelled it, or its deadline
 * passed). An inbound adapter binds its call's signal around the use case ({@link #during}); a
 * use case that must not half-happen asks {@link #callerGone} between its steps, stops, and undoes
 * what it did. Outside a bound call the caller is never gone.
 */
public final class CallerCancellation {
    private static final ThreadLocal<BooleanSupplier> CURRENT = new ThreadLocal<>();

    private CallerCancellation() {}

    /** Runs {@code body} with {@code gone} as this thread's caller signal (restoring the one before). */
    public static void during(BooleanSupplier gone, Runnable body) {
        BooleanSupplier before = CURRENT.get();
        CURRENT.set(gone);
        try {
            body.run();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** Whether the caller of the call on this thread has gone. */
    public static boolean callerGone() {
        BooleanSupplier gone = CURRENT.get();
        return gone != null && gone.getAsBoolean();
    }
}
