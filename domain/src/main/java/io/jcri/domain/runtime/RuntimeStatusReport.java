package io.jcri.domain.runtime;

import java.util.List;
import java.util.Map;

/**
 * The answer to CRI Status: the conditions, the runtime handlers (the default first) and what each can do (a handler
 * missing from {@code features} can do nothing special), and (verbose) extra information whose
 * values are JSON documents.
 */
public record RuntimeStatusReport(
        List<RuntimeCondition> conditions,
        Map<String, String> info,
        List<String> handlers,
        Map<String, HandlerFeatures> features) {
    public RuntimeStatusReport {
        conditions = List.copyOf(conditions);
        info = Map.copyOf(info);
        handlers = List.copyOf(handlers);
        features = Map.copyOf(features);
    }

    public RuntimeStatusReport(List<RuntimeCondition> conditions, Map<String, String> info, List<String> handlers) {
        this(conditions, info, handlers, Map.of());
    }

    public RuntimeStatusReport(List<RuntimeCondition> conditions, Map<String, String> info) {
        this(conditions, info, List.of());
    }

    /** What the handler can do ({@link HandlerFeatures#NONE} when not known). */
    public HandlerFeatures features(String handler) {
        return features.getOrDefault(handler, HandlerFeatures.NONE);
    }

    /** The condition of that type, if reported. */
    public RuntimeCondition condition(String type) {
        return conditions.stream()
                .filter(c -> c.type().equals(type))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no condition " + type));
    }
}
