package io.jcri.it.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Crash harness: rounds of concurrent pod starts cut short by a SIGKILL of jcri, on a private node
 * (see {@link CrashNode}), with the containerd jcri manages, one the harness starts, or both one
 * after the other. Round {@code r} of {@code R} kills jcri {@code 200 + 2800·r/(R−1)} ms after
 * its calls went out (spread over 0.2–3 s), starts it again, counts lost pods (see {@link
 * CrashRound}), removes every pod through CRI and counts what was left (see {@link LeakCount}).
 * Prints one line per round and a summary table; exits 1 when a pod was lost, something leaked
 * or a removal failed. With {@code JCRI_CRASH_MINUTES} set, no round starts after that many
 * minutes (the summary counts the rounds run). Usage: {@code scripts/crash-test.sh [rounds (30)] [pods (20)]
 * [managed|external|both (both)]}.
 */
public final class CrashBenchmark {
    /** When no further round starts ({@code JCRI_CRASH_MINUTES} after the start; unset: never). */
    private static final long STOP_AT = System.getenv("JCRI_CRASH_MINUTES") == null
            ? Long.MAX_VALUE
            : System.currentTimeMillis() + Long.parseLong(System.getenv("JCRI_CRASH_MINUTES")) * 60_000;

    private CrashBenchmark() {}

    /** The figures of one mode. */
    record Totals(
            String mode,
            int rounds,
            int started,
            int answered,
            int adopted,
            int retried,
            int lost,
            int removeErrors,
            Leaks leaks) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int pods = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String which = args.length > 2 ? args[2] : "both";
        List<CrashNode.Mode> modes = switch (which) {
            case "managed" -> List.of(CrashNode.Mode.MANAGED);
            case "external" -> List.of(CrashNode.Mode.EXTERNAL);
            case "both" -> List.of(CrashNode.Mode.MANAGED, CrashNode.Mode.EXTERNAL);
            default -> throw new IllegalArgumentException("mode must be managed, external or both, not " + which);
        };
        List<Totals> all = new ArrayList<>();
        int status = 0;
        try {
            for (CrashNode.Mode mode : modes) {
                all.add(runMode(mode, rounds, pods));
            }
        } catch (Exception e) {
            e.printStackTrace(System.out);
            status = 2;
        }
        summary(all);
        for (Totals t : all) {
            if (t.lost() > 0 || t.removeErrors() > 0 || t.leaks().total() > 0) {
                status = Math.max(status, 1);
            }
        }
        // the gRPC clients' event loops are not daemon threads; the shutdown hooks clean the nodes
        System.exit(status);
    }

    static long killDelayMs(int round, int rounds) {
        return rounds <= 1 ? 200 : 200 + 2800L * round / (rounds - 1);
    }

    private static Totals runMode(CrashNode.Mode mode, int rounds, int pods) throws Exception {
        String name = mode.name().toLowerCase(Locale.ROOT);
        try (CrashNode node = CrashNode.start(mode)) {
            // the pause image is in place first, so the kills cut pod starts, not its import
            CrashRound.runPod(node.jcri(), CrashRound.config(node, "warm-up"));
            CrashRound.removeAll(node.jcri());
            Set<String> baseline = LeakCount.snapshots(node);
            Leaks before = LeakCount.await(node, baseline, 15_000);
            if (before.total() > 0) {
                throw new IllegalStateException("the warm-up pod left " + before.line());
            }
            int started = 0;
            int answered = 0;
            int adopted = 0;
            int retried = 0;
            int lost = 0;
            int removeErrors = 0;
            Leaks leaked = Leaks.none();
            Leaks previous = Leaks.none();
            int done = 0;
            for (int r = 0; r < rounds; r++) {
                if (System.currentTimeMillis() > STOP_AT) {
                    System.out.printf("%s: time budget (JCRI_CRASH_MINUTES) spent after %d rounds%n", name, done);
                    break;
                }
                done++;
                long delay = killDelayMs(r, rounds);
                CrashRound.Result res = CrashRound.run(node, r, pods, delay);
                Leaks now = LeakCount.await(node, baseline, 15_000);
                started += res.started();
                answered += res.answered();
                adopted += res.adopted();
                retried += res.retried();
                lost += res.lost();
                removeErrors += res.removeErrors();
                leaked = leaked.plus(increase(previous, now));
                previous = now;
                System.out.printf(
                        Locale.ROOT,
                        "%s round %d/%d: killed %4d ms in; %d started, %d answered, %d adopted, %d retried, %d lost,"
                                + " %d removals failed; restart %.1f s; left: %s%n",
                        name,
                        r + 1,
                        rounds,
                        delay,
                        res.started(),
                        res.answered(),
                        res.adopted(),
                        res.retried(),
                        res.lost(),
                        res.removeErrors(),
                        res.restartSeconds(),
                        now.line());
            }
            return new Totals(name, done, started, answered, adopted, retried, lost, removeErrors, leaked);
        }
    }

    /** What {@code now} holds beyond {@code before}, kind by kind (a leak is counted in the round it appeared). */
    private static Leaks increase(Leaks before, Leaks now) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String k : Leaks.KINDS) {
            m.put(k, Math.max(0, now.counts().get(k) - before.counts().get(k)));
        }
        return new Leaks(m);
    }

    private static void summary(List<Totals> all) {
        StringBuilder head = new StringBuilder(String.format(
                Locale.ROOT,
                "%-9s %6s %7s %8s %7s %7s %4s %8s",
                "mode",
                "rounds",
                "started",
                "answered",
                "adopted",
                "retried",
                "lost",
                "rm-fail"));
        for (String k : Leaks.KINDS) {
            head.append(String.format(Locale.ROOT, " %10s", k));
        }
        System.out.println("summary (leaks: what was left once every pod was removed through CRI)");
        System.out.println(head);
        for (Totals t : all) {
            StringBuilder row = new StringBuilder(String.format(
                    Locale.ROOT,
                    "%-9s %6d %7d %8d %7d %7d %4d %8d",
                    t.mode(),
                    t.rounds(),
                    t.started(),
                    t.answered(),
                    t.adopted(),
                    t.retried(),
                    t.lost(),
                    t.removeErrors()));
            for (String k : Leaks.KINDS) {
                row.append(
                        String.format(Locale.ROOT, " %10d", t.leaks().counts().get(k)));
            }
            System.out.println(row);
        }
    }
}
