package io.jcri.domain.plugin;

import io.jcri.domain.container.Container;
import java.util.List;
import java.util.Objects;

/**
 * A container as node resource plugins are shown it: its record and state, plus the process it
 * runs ({@code args}, {@code env}: known while it is being created, empty later).
 */
public record PluginContainer(Container container, List<String> args, List<String> env) {
    public PluginContainer {
        Objects.requireNonNull(container, "container");
        args = List.copyOf(args == null ? List.of() : args);
        env = List.copyOf(env == null ? List.of() : env);
    }

    public static PluginContainer of(Container container) {
        return new PluginContainer(container, List.of(), List.of());
    }
}
