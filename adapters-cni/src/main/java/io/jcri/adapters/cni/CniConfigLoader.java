package io.jcri.adapters.cni;

import io.jcri.domain.network.NetworkConfig;
import io.jcri.domain.network.NetworkStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds the network to use: the first file of the conf dir, by name, among {@code .conflist},
 * {@code .conf} and {@code .json}, that parses as a CNI network configuration of a supported
 * version and whose plugins are all found in the bin dirs. A single-plugin {@code .conf} is
 * wrapped into a list. When none qualifies, the answer says what each file lacked.
 */
final class CniConfigLoader {
    static final Set<String> SUPPORTED_VERSIONS = Set.of("0.3.0", "0.3.1", "0.4.0", "1.0.0");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path confDir;
    private final List<Path> binDirs;

    CniConfigLoader(Path confDir, List<Path> binDirs) {
        this.confDir = confDir;
        this.binDirs = List.copyOf(binDirs);
    }

    NetworkStatus load() {
        List<Path> files;
        try (Stream<Path> listing = Files.list(confDir)) {
            files = listing.filter(CniConfigLoader::isConfigFile).sorted().toList();
        } catch (IOException e) {
            return new NetworkStatus.NotReady("cni config dir " + confDir + " cannot be read ("
                    + e.getClass().getSimpleName() + "): no network config found");
        }
        if (files.isEmpty()) {
            return new NetworkStatus.NotReady("no network config found in " + confDir);
        }
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                return new NetworkStatus.Ready(parse(file));
            } catch (InvalidConfig e) {
                problems.add(file.getFileName() + ": " + e.getMessage());
            }
        }
        return new NetworkStatus.NotReady(
                "no valid network config in " + confDir + " (" + String.join("; ", problems) + ")");
    }

    private static boolean isConfigFile(Path p) {
        String name = p.getFileName().toString();
        return Files.isRegularFile(p)
                && (name.endsWith(".conflist") || name.endsWith(".conf") || name.endsWith(".json"));
    }

    NetworkConfig parse(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidConfig("cannot read: " + e.getMessage());
        } catch (JacksonException e) {
            throw new InvalidConfig("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConfig("not a JSON object");
        }
        ObjectNode list;
        if (file.getFileName().toString().endsWith(".conflist")) {
            list = (ObjectNode) root;
        } else {
            if (root.has("plugins")) {
                list = (ObjectNode) root;
            } else {
                list = wrap((ObjectNode) root);
            }
        }
        String name = text(list, "name");
        if (name.isEmpty()) {
            throw new InvalidConfig("no \"name\"");
        }
        String version = text(list, "cniVersion");
        if (!SUPPORTED_VERSIONS.contains(version)) {
            throw new InvalidConfig("cniVersion \"" + version + "\" is not supported (supported: "
                    + String.join(", ", SUPPORTED_VERSIONS.stream().sorted().toList()) + ")");
        }
        JsonNode plugins = list.get("plugins");
        if (plugins == null || !plugins.isArray() || plugins.isEmpty()) {
            throw new InvalidConfig("no \"plugins\" in network \"" + name + "\"");
        }
        List<String> types = new ArrayList<>();
        for (JsonNode plugin : plugins) {
            String type = plugin.isObject() ? text((ObjectNode) plugin, "type") : "";
            if (type.isEmpty()) {
                throw new InvalidConfig("a plugin of network \"" + name + "\" has no \"type\"");
            }
            if (findPlugin(type) == null) {
                throw new InvalidConfig("plugin \"" + type + "\" of network \"" + name + "\" not found in "
                        + String.join(":", binDirs.stream().map(Path::toString).toList()));
            }
            types.add(type);
        }
        return new NetworkConfig(name, version, file, types, JSON.writeValueAsString(list));
    }

    /** The executable for a plugin type, from the first bin dir holding it, or null. */
    Path findPlugin(String type) {
        if (type.contains("/")) {
            return null;
        }
        for (Path dir : binDirs) {
            Path candidate = dir.resolve(type);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static ObjectNode wrap(ObjectNode single) {
        ObjectNode list = JSON.createObjectNode();
        list.put("cniVersion", text(single, "cniVersion"));
        list.put("name", text(single, "name"));
        ArrayNode plugins = list.putArray("plugins");
        plugins.add(single);
        return list;
    }

    private static String text(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.asString() : "";
    }

    static final class InvalidConfig extends RuntimeException {
        InvalidConfig(String message) {
            super(message, null, false, false);
        }
    }
}
