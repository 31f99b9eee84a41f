package io.jcri.domain.task;

import java.util.List;
import java.util.Objects;

/** One mount of a container's root filesystem, as a snapshotter hands it out (type, source, options). */
public record Mount(String type, String source, String target, List<String> options) {
    public Mount {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        target = target == null ? "" : target;
        options = options == null ? List.of() : List.copyOf(options);
    }
}
