package io.jcri.ports.application.recovery;

import io.jcri.ports.application.container.ContainerRecovery;
import io.jcri.ports.application.container.ImageVolumes;
import io.jcri.ports.application.sandbox.SandboxRecovery;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.threads.NamedThreads;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * jcri's start-up recovery as one ordered phase: its steps (sandboxes, then containers, then
 * image volumes, then the sweep of leftovers) run in order on a thread of their own, and the whole
 * attempt is retried, with a delay that doubles up to a cap, until every step has succeeded; it
 * never gives up. Each step recovers what it can read object by object, so an attempt fails only
 * when a step cannot work at all (the engine does not answer); every step is safe to run again.
 * {@link RecoveryState} says where it is; each attempt is logged once, with the reason when it
 * failed.
 */
public final class StartupRecovery implements AutoCloseable {
    private static final System.Logger log = System.getLogger(StartupRecovery.class.getName());

    /**
     * One step: {@code run} recovers and returns how many objects it found.
     *
     * @param counted whether the count is reported (pods, containers) or not (a sweep)
     */
    public record Step(
            String name, IntSupplier run, boolean counted, Supplier<Map<String, String>> failures, Runnable retry) {
        private static final Supplier<Map<String, String>> NONE = Map::of;

        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(failures, "failures");
            Objects.requireNonNull(retry, "retry");
        }

        public Step(String name, IntSupplier run, boolean counted) {
            this(name, run, counted, NONE, () -> {});
        }

        /** A step whose count shows in {@link RecoveryState.Recovered#counts()}. */
        public static Step counting(String name, IntSupplier run) {
            return new Step(name, run, true);
        }

        /**
         * This step, telling after each run which objects it could not recover ({@code failures})
         * and able to try those alone again ({@code retry}) once recovery is done.
         */
        public Step failing(Supplier<Map<String, String>> failures, Runnable retry) {
            return new Step(name, run, counted, failures, retry);
        }

        /** A step that counts nothing. */
        public static Step of(String name, Runnable run) {
            return new Step(
                    name,
                    () -> {
                        run.run();
                        return 0;
                    },
                    false);
        }
    }

    /** The delay after the first failed attempt, doubled after each further one up to {@code max}. */
    public record Backoff(Duration initial, Duration max) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

        public Backoff {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
            }
        }

        /** The delay after {@code failures} failed attempts in a row (from 1). */
        public Duration after(int failures) {
            Duration d = initial;
            for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
                d = d.multipliedBy(2);
            }
            return d.compareTo(max) > 0 ? max : d;
        }
    }

    /** The names of the counting steps, as {@link RecoveryState.Recovered#counts()} keys them. */
    public static final String PODS = "pods";

    public static final String CONTAINERS = "containers";

    /**
     * jcri's steps, in their order: what creations cut short by a kill left (before anything is
     * read, so a half-made object is not taken for a real one), the sandboxes, the leases of pod starts
     * cut short, the containers (which
     * need their sandboxes), the containers' image volumes, then the sweep of what belongs to no
     * sandbox or container (only once everything that exists has been found).
     */
    public static List<Step> steps(
            UnfinishedCreations unfinished,
            SandboxRecovery sandboxes,
            ContainerRecovery containers,
            ImageVolumes imageVolumes,
            Containers store) {
        return List.of(
                Step.of("unfinished creations", unfinished::recover).failing(unfinished::failures, unfinished::recover),
                Step.counting(PODS, sandboxes::recover).failing(sandboxes::failures, sandboxes::retryFailed),
                Step.of("leases of unfinished pod starts", unfinished::releaseSandboxLeases),
                Step.counting(CONTAINERS, containers::recover).failing(containers::failures, containers::retryFailed),
                Step.of("image volumes", () -> imageVolumes.recover(store.list())),
                Step.of("leftovers", () -> {
                    sandboxes.sweepLeftovers();
                    containers.sweepLeftovers();
                }));
    }

    private final RecoveryState state;
    private final List<Step> steps;
    private final Backoff backoff;
    private volatile boolean closed;
    private volatile Thread thread;

    public StartupRecovery(RecoveryState state, List<Step> steps, Backoff backoff) {
        this.state = Objects.requireNonNull(state, "state");
        this.steps = List.copyOf(steps);
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    public RecoveryState state() {
        return state;
    }

    /**
     * Runs every step once, in order; on success the state becomes Recovered, on failure it names
     * the next attempt and why this one failed. Does nothing once recovered.
     *
     * @return whether recovery is done
     */
    public synchronized boolean attempt() {
        if (!(state.phase() instanceof RecoveryState.Recovering now)) {
            return true;
        }
        int attempt = now.attempt();
        long started = System.nanoTime();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (Step step : steps) {
            try {
                int n = step.run().getAsInt();
                if (step.counted()) {
                    counts.put(step.name(), n);
                }
                failed.putAll(step.failures().get());
            } catch (RuntimeException e) {
                String why = step.name() + ": " + e.getMessage();
                state.failed(attempt, why);
                log.log(
                        System.Logger.Level.WARNING,
                        "recovery attempt " + attempt + " failed at " + why + "; retrying in "
                                + backoff.after(attempt).toMillis() + " ms");
                log.log(System.Logger.Level.DEBUG, "recovery attempt " + attempt + " failed", e);
                return false;
            }
        }
        state.done(counts, attempt, failed);
        log.log(
                failed.isEmpty() ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "recovery done in " + (System.nanoTime() - started) / 1_000_000 + " ms (attempt " + attempt + "): "
                        + counts + (failed.isEmpty() ? "" : "; not recovered (kept, retried): " + failed));
        return true;
    }

    /**
     * Once recovered: tries the objects that failed again, each step its own alone (never the
     * whole steps: pods and containers are being made and removed by then); logs what changed.
     *
     * @return whether nothing is left failed
     */
    public synchronized boolean retryFailed() {
        if (!(state.phase() instanceof RecoveryState.Recovered before)
                || before.failed().isEmpty()) {
            return true;
        }
        Map<String, String> failed = new LinkedHashMap<>();
        for (Step step : steps) {
            if (step.failures().get().isEmpty()) {
                continue;
            }
            try {
                step.retry().run();
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.DEBUG, "retrying the failed objects of " + step.name() + " failed", e);
            }
            failed.putAll(step.failures().get());
        }
        state.retried(failed);
        if (!failed.equals(before.failed())) {
            log.log(
                    System.Logger.Level.INFO,
                    "recovery retried " + before.failed().keySet() + ": "
                            + (failed.isEmpty() ? "all recovered" : "still not recovered: " + failed));
        }
        return failed.isEmpty();
    }

    /**
     * Attempts until recovered (or closed, or interrupted), sleeping the backoff between attempts;
     * then retries the objects that failed ({@link #retryFailed}) likewise until none is left.
     */
    public void runUntilRecovered() {
        int failures = 0;
        while (!closed && !attempt()) {
            failures++;
            if (!pause(backoff.after(failures))) {
                return;
            }
        }
        // then the objects that failed, with the same backoff, until none is left
        int retries = 0;
        while (!closed && !retryFailed()) {
            retries++;
            if (!pause(backoff.after(retries))) {
                return;
            }
        }
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@link #runUntilRecovered} on a daemon thread of its own; once. */
    public void start() {
        Thread t;
        synchronized (steps) {
            if (thread != null || closed) {
                return;
            }
            t = NamedThreads.daemon("jcri-recovery", this::runUntilRecovered);
            thread = t;
        }
        t.start();
    }

    /** Stops retrying (jcri is stopping). */
    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
