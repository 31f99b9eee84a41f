package io.jcri.domain.container;

import java.util.List;

/**
 * Capabilities the CRI adds to or drops from the runtime's default set, and ambient ones to raise.
 * Names come with or without the {@code CAP_} prefix, in any case; {@code ALL} means every one.
 */
public record Capabilities(List<String> add, List<String> drop, List<String> addAmbient) {
    public static final Capabilities NONE = new Capabilities(List.of(), List.of(), List.of());

    public Capabilities {
        add = List.copyOf(add == null ? List.of() : add);
        drop = List.copyOf(drop == null ? List.of() : drop);
        addAmbient = List.copyOf(addAmbient == null ? List.of() : addAmbient);
    }

    public static Capabilities of(List<String> add, List<String> drop) {
        return new Capabilities(add, drop, List.of());
    }
}
