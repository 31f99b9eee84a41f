package io.jcri.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jcri.cdi.*}: where CDI spec files are read from, lowest priority first (a device in a
 * later directory replaces one of the same name in an earlier one). An empty list turns CDI off:
 * a container that asks for a CDI device is then refused.
 */
public class CdiProperties {
    private List<Path> specDirs = new ArrayList<>(List.of(Path.of("/etc/cdi"), Path.of("/var/run/cdi")));

    public List<Path> getSpecDirs() {
        return specDirs;
    }

    public void setSpecDirs(List<Path> specDirs) {
        this.specDirs = specDirs;
    }
}
