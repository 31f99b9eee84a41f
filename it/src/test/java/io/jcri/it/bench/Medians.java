package io.jcri.it.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The benchmarks' one statistic. */
final class Medians {
    private Medians() {}

    static double of(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
