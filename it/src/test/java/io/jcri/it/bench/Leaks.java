package io.jcri.it.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a crash round left behind once every pod was removed through CRI, by kind, in the order the
 * harness prints them.
 */
record Leaks(Map<String, Integer> counts) {
    /** The kinds, in print order. */
    static final String[] KINDS = {
        "netns", "ips", "containers", "tasks", "snapshots", "fifos", "shims", "files", "mounts"
    };

    static Leaks none() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String k : KINDS) {
            m.put(k, 0);
        }
        return new Leaks(m);
    }

    int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    Leaks plus(Leaks other) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String k : KINDS) {
            m.put(k, counts.getOrDefault(k, 0) + other.counts.getOrDefault(k, 0));
        }
        return new Leaks(m);
    }

    /** {@code netns 0 ips 0 ...}. */
    String line() {
        StringBuilder b = new StringBuilder();
        for (String k : KINDS) {
            b.append(b.isEmpty() ? "" : " ").append(k).append(' ').append(counts.getOrDefault(k, 0));
        }
        return b.toString();
    }
}
