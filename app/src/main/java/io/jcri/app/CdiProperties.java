package io.jcri.app;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jcri.cdi.*}: where CDI spec files are read from, lowest priority first (a device in a
 * later directory replaces one of the same name in an earlier one). An empty list turns CDI off:
 * a container that asks for a CDI device is then refused.
 */
public record CdiProperties(
        @DefaultValue("/etc/cdi,/var/run/cdi") List<Path> specDirs) {
    public CdiProperties {
        specDirs = specDirs == null ? List.of() : List.copyOf(specDirs);
    }
}
