package io.jcri.adapters.containerd.container;

import io.jcri.domain.cdi.CdiRegistry;
import io.jcri.domain.cdi.CdiSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The CDI spec files of the configured directories ({@code *.json}, {@code *.yaml}, {@code
 * *.yml}; YAML reads JSON too), read afresh for each container that asks for CDI devices, as
 * device plugins write them at any time. Directories come lowest priority first; a missing one
 * holds nothing; a file that cannot be read or is not a valid spec is left out with a warning
 * (and named when a device is not found).
 */
final class CdiSpecDirectories {
    private static final Logger log = LoggerFactory.getLogger(CdiSpecDirectories.class);

    private final List<Path> directories;

    CdiSpecDirectories(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    List<Path> directories() {
        return directories;
    }

    CdiRegistry load() {
        List<List<CdiSpec>> byPriority = new ArrayList<>();
        Map<String, String> broken = new LinkedHashMap<>();
        for (Path dir : directories) {
            List<CdiSpec> specs = new ArrayList<>();
            for (Path file : files(dir)) {
                try {
                    specs.add(CdiSpec.parse(parse(file), file.toString()));
                } catch (IOException | RuntimeException e) {
                    log.warn("CDI spec {} left out: {}", file, e.getMessage());
                    broken.put(file.toString(), String.valueOf(e.getMessage()));
                }
            }
            byPriority.add(specs);
        }
        return new CdiRegistry(byPriority, broken);
    }

    private static Object parse(Path file) throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        return yaml.load(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".json") || n.endsWith(".yaml") || n.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            log.warn("CDI spec directory {} cannot be listed: {}", dir, e.getMessage());
            return List.of();
        }
    }
}
