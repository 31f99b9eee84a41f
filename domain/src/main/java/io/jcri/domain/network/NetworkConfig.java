package io.jcri.domain.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A loaded pod network configuration: the network's name, the CNI spec version it declares, the
 * file it came from, the plugin types of its chain in order, and the raw configuration list as
 * JSON (what the plugins are given).
 */
public record NetworkConfig(String name, String cniVersion, Path source, List<String> pluginTypes, String json) {
    public NetworkConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cniVersion, "cniVersion");
        Objects.requireNonNull(source, "source");
        pluginTypes = List.copyOf(pluginTypes);
        Objects.requireNonNull(json, "json");
    }
}
