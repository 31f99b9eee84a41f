package io.jcri.it.fuzz;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The run's figures: requests per RPC and kind, answers per status code, and the violations. */
final class Tally {
    /** One broken rule, with what was sent and what came back. */
    record Violation(String rule, String rpc, String request, Status.Code code, String message) {}

    private final Map<String, AtomicLong> perRpc = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> perKind = new ConcurrentHashMap<>();
    private final Map<Status.Code, AtomicLong> perCode = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> perRule = new ConcurrentHashMap<>();
    private final List<Violation> examples = new ArrayList<>();
    private final AtomicLong total = new AtomicLong();

    void answer(String rpc, String kind, Status.Code code) {
        total.incrementAndGet();
        perRpc.computeIfAbsent(rpc, k -> new AtomicLong()).incrementAndGet();
        perKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        perCode.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
    }

    void violation(Violation v) {
        perRule.computeIfAbsent(v.rule(), k -> new AtomicLong()).incrementAndGet();
        synchronized (examples) {
            long sameRule = examples.stream()
                    .filter(e -> e.rule().equals(v.rule()) && e.rpc().equals(v.rpc()))
                    .count();
            if (sameRule < 2 && examples.size() < 40) {
                examples.add(v);
            }
        }
    }

    long total() {
        return total.get();
    }

    long violations() {
        return perRule.values().stream().mapToLong(AtomicLong::get).sum();
    }

    void print(long seed, double seconds, int rpcsInApi, Map<String, Long> leftovers) {
        System.out.printf(
                Locale.ROOT,
                "fuzz summary: seed %d, %d requests in %.1f s (%.0f/s), %d of %d RPCs exercised%n",
                seed,
                total.get(),
                seconds,
                total.get() / seconds,
                perRpc.size(),
                rpcsInApi);
        System.out.println("requests per kind: " + sorted(perKind));
        System.out.println("requests per RPC: " + sorted(perRpc));
        System.out.println("answers per status code: " + sorted(perCode));
        System.out.println("violations: " + violations() + (perRule.isEmpty() ? "" : " " + sorted(perRule)));
        synchronized (examples) {
            for (Violation v : examples) {
                System.out.printf(
                        Locale.ROOT,
                        "  %s: %s %s -> %s \"%s\"%n",
                        v.rule(),
                        v.rpc(),
                        v.request(),
                        v.code(),
                        clip(v.message(), 300));
            }
        }
        long left = leftovers.values().stream().mapToLong(Long::longValue).sum();
        System.out.println("leftovers: " + left + " " + new TreeMap<>(leftovers));
    }

    static String clip(String s, int max) {
        String t = s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
        return t.length() <= max ? t : t.substring(0, max) + "...(" + t.length() + " chars)";
    }

    private static <K extends Comparable<K>> Map<K, Long> sorted(Map<K, AtomicLong> m) {
        Map<K, Long> r = new TreeMap<>();
        m.forEach((k, v) -> r.put(k, v.get()));
        return r;
    }
}
