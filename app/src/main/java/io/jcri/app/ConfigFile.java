package io.jcri.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * jcri's configuration file: {@code jcri.config} (argument, system property or {@code
 * JCRI_CONFIG}) or {@link JcriProperties#DEFAULT_CONFIG}. {@code spring.config.import} in
 * application.properties reads it into the environment; this names it, says whether it was there
 * and reads it again on its own to find keys jcri does not know.
 *
 * @param path the file
 * @param explicit whether {@code jcri.config} named it (then it must exist)
 */
record ConfigFile(Path path, boolean explicit) {
    static final String KEY = "jcri.config";

    /** The file the environment names. */
    static ConfigFile of(Environment environment) {
        String named = environment.getProperty(KEY);
        return named == null || named.isBlank()
                ? new ConfigFile(JcriProperties.DEFAULT_CONFIG, false)
                : new ConfigFile(Path.of(named), true);
    }

    /**
     * The file named before Spring runs, for {@code --help}: the last {@code --jcri.config=} of the
     * arguments, else the system property, else {@code JCRI_CONFIG}, as Spring would choose.
     */
    static ConfigFile of(String[] args, Map<String, String> env) {
        String named = null;
        for (String a : args) {
            if (a.startsWith("--" + KEY + "=")) {
                named = a.substring(KEY.length() + 3);
            }
        }
        if (named == null) {
            named = System.getProperty(KEY);
        }
        if (named == null) {
            named = env.get("JCRI_CONFIG");
        }
        return named == null || named.isBlank()
                ? new ConfigFile(JcriProperties.DEFAULT_CONFIG, false)
                : new ConfigFile(Path.of(named), true);
    }

    boolean exists() {
        return Files.isRegularFile(path);
    }

    /** The file's documents as property sources, parsed as Spring parses it (YAML unless {@code .properties}). */
    List<PropertySource<?>> read() {
        FileSystemResource resource = new FileSystemResource(path);
        try {
            return path.getFileName().toString().endsWith(".properties")
                    ? new PropertiesPropertySourceLoader().load(path.toString(), resource)
                    : new YamlPropertySourceLoader().load(path.toString(), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** How start-up and {@code --help} describe it. */
    String describe() {
        if (exists()) {
            return path.toString();
        }
        return explicit ? path + " (missing: jcri will not start)" : path + " (absent: built-in defaults)";
    }
}
