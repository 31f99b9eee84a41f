package io.jcri.ports.application.recovery;

import io.jcri.domain.error.JcriException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where jcri's start-up recovery is: {@link Recovering} until {@link StartupRecovery} has found
 * every pod and container again, then {@link Recovered} for good. It starts Recovering at attempt
 * 1; the CRI status, the gate in front of the pod and container use cases ({@link RecoveryGate})
 * and the health indicator read it.
 *
 * <pre>
 *   Recovering(1, "") --attempt fails--> Recovering(n + 1, why) --attempt succeeds--> Recovered
 * </pre>
 */
public final class RecoveryState {

    /** A phase of start-up recovery. */
    public sealed interface Phase permits Recovering, Recovered {}

    /**
     * Recovery is under way.
     *
     * @param attempt the attempt running now (or about to run), from 1
     * @param lastError why the attempt before it failed; empty for the first
     */
    public record Recovering(int attempt, String lastError) implements Phase {
        public Recovering {
            lastError = lastError == null ? "" : lastError;
        }
    }

    /**
     * Recovery is done.
     *
     * @param counts how many objects each counting step found ("pods", "containers"), in step order
     * @param attempts how many attempts it took
     * @param failed the objects that could not be recovered ("sandbox <id>", "container <id>",
     *     "creation of <id>") and why; kept as they were (records, status files) and retried
     */
    public record Recovered(Map<String, Integer> counts, int attempts, Map<String, String> failed) implements Phase {
        public Recovered {
            counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
            failed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failed));
        }

        /** Recovered with nothing failed. */
        public Recovered(Map<String, Integer> counts, int attempts) {
            this(counts, attempts, Map.of());
        }

        /** The count of that step, or 0. */
        public int count(String step) {
            return counts.getOrDefault(step, 0);
        }
    }

    private final AtomicReference<Phase> phase = new AtomicReference<>(new Recovering(1, ""));

    public Phase phase() {
        return phase.get();
    }

    public boolean recovered() {
        return phase.get() instanceof Recovered;
    }

    /** Attempt {@code attempt} failed with {@code error}; the next one is under way. */
    void failed(int attempt, String error) {
        phase.set(new Recovering(attempt + 1, error));
    }

    void done(Map<String, Integer> counts, int attempts, Map<String, String> failed) {
        phase.set(new Recovered(Objects.requireNonNull(counts, "counts"), attempts, failed));
    }

    /** A retry of the failed objects left {@code failed} (none: all recovered now). */
    void retried(Map<String, String> failed) {
        phase.updateAndGet(p -> p instanceof Recovered r ? new Recovered(r.counts(), r.attempts(), failed) : p);
    }

    /** What Status and refused calls say while recovering, e.g. "jcri is recovering its pods ...". */
    public String describe() {
        return describe(phase.get());
    }

    /** What {@code p} means, in words (as {@link #describe()}). */
    public static String describe(Phase p) {
        if (p instanceof Recovering r) {
            return "jcri is recovering its pods and containers (attempt " + r.attempt()
                    + (r.lastError().isEmpty() ? "" : ", last error: " + r.lastError()) + ")";
        }
        Recovered done = (Recovered) p;
        return "jcri has recovered its pods and containers " + done.counts() + " in " + done.attempts() + " attempt"
                + (done.attempts() == 1 ? "" : "s")
                + (done.failed().isEmpty() ? "" : "; not recovered (kept, retried): " + done.failed());
    }

    /**
     * Passes once recovery is done.
     *
     * @throws JcriException.Unavailable while recovering, saying so and naming {@code what}
     */
    public void requireRecovered(String what) {
        Phase p = phase.get();
        if (p instanceof Recovering) {
            throw new JcriException.Unavailable(
                    describe(p) + "; " + what + " answers once it is done, try again shortly");
        }
    }
}
