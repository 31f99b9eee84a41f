package io.jcri.ports.application.runtime;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.task.OciRuntime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configured runtime handlers, by name, which one pods get when they name none, what each was
 * found able to do at start-up (a handler missing from {@code features} can do nothing special),
 * and the snapshotter of those that have their own (the others use the image store's).
 */
public record RuntimeHandlers(
        Map<String, OciRuntime> byName,
        String defaultHandler,
        Map<String, HandlerFeatures> features,
        Map<String, String> snapshotters) {
    public RuntimeHandlers {
        byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        if (!byName.containsKey(defaultHandler)) {
            throw new IllegalArgumentException("default handler " + defaultHandler + " is not configured");
        }
        features = Map.copyOf(features);
        snapshotters = Map.copyOf(snapshotters);
    }

    /** Handlers on the image store's snapshotter. */
    public RuntimeHandlers(
            Map<String, OciRuntime> byName, String defaultHandler, Map<String, HandlerFeatures> features) {
        this(byName, defaultHandler, features, Map.of());
    }

    /**
     * The snapshotter of the handler named {@code name} (empty: the default), or empty for the
     * image store's.
     *
     * @throws JcriException.InvalidArgument for a handler that is not configured
     */
    public String snapshotterOf(String name) {
        resolve(name);
        return snapshotters.getOrDefault(nameOf(name), "");
    }

    /** Handlers that can do nothing special. */
    public RuntimeHandlers(Map<String, OciRuntime> byName, String defaultHandler) {
        this(byName, defaultHandler, Map.of());
    }

    /** What the handler named {@code name} (empty: the default) can do. */
    public HandlerFeatures featuresOf(String name) {
        return features.getOrDefault(nameOf(name), HandlerFeatures.NONE);
    }

    /** The handler's name: {@code name}, or the default for an empty name. */
    public String nameOf(String name) {
        return name == null || name.isEmpty() ? defaultHandler : name;
    }

    /**
     * The handler named {@code name} (empty: the default).
     *
     * @throws JcriException.InvalidArgument naming the handler and the known ones
     */
    public OciRuntime resolve(String name) {
        OciRuntime runtime = byName.get(nameOf(name));
        if (runtime == null) {
            throw new JcriException.InvalidArgument("runtime handler \"" + name + "\" is not configured (known: "
                    + String.join(", ", byName.keySet()) + ")");
        }
        return runtime;
    }
}
