package io.jcri.adapters.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Paging and label-selector parameters shared by the list endpoints. */
final class Paging {
    static final int MAX_SIZE = 500;

    private Paging() {}

    static void check(int page, int size) {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_SIZE + ", got " + size);
        }
    }

    static <S, T> Views.Page<T> page(List<S> all, int page, int size, Function<S, T> view) {
        int from = (int) Math.min((long) page * size, all.size());
        int to = Math.min(from + size, all.size());
        return new Views.Page<>(all.subList(from, to).stream().map(view).toList(), page, size, all.size());
    }

    /** {@code key=value} strings to a selector map. */
    static Map<String, String> labels(List<String> label) {
        Map<String, String> out = new LinkedHashMap<>();
        if (label == null) {
            return out;
        }
        for (String l : label) {
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("label must be key=value, got \"" + l + "\"");
            }
            out.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return out;
    }
}
