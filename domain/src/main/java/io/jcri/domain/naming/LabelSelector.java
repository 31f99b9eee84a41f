package io.jcri.domain.naming;

import java.util.Map;

/** The CRI's label selector: every key of the selector present with the same value. */
public final class LabelSelector {
    private LabelSelector() {}

    public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
