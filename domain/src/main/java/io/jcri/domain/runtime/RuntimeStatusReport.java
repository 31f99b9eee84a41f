package io.jcri.domain.runtime;

import java.util.List;
import java.util.Map;

/**
 * The answer to CRI Status: the conditions, the runtime handlers, and (verbose) extra information whose values are JSON
 * documents.
 */
public record RuntimeStatusReport(List<RuntimeCondition> conditions, Map<String, String> info, List<String> handlers) {
    public RuntimeStatusReport {
        conditions = List.copyOf(conditions);
        info = Map.copyOf(info);
        handlers = List.copyOf(handlers);
    }

    public RuntimeStatusReport(List<RuntimeCondition> conditions, Map<String, String> info) {
        this(conditions, info, List.of());
    }

    /** The condition of that type, if reported. */
    public RuntimeCondition condition(String type) {
        return conditions.stream()
                .filter(c -> c.type().equals(type))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no condition " + type));
    }
}
