package io.jcri.app;

import io.jcri.domain.error.JcriException;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Turns a start-up failure into one line naming the key (or the object) and the problem. */
final class StartupFailure {

    private StartupFailure() {}

    static String oneLine(Throwable t) {
        return oneLine(t, null);
    }

    /** As {@link #oneLine(Throwable)}; {@code file} (may be null) is named when it does not parse. */
    static String oneLine(Throwable t, ConfigFile file) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidConfigurationException e) {
                return flat("invalid configuration: " + e.getMessage());
            }
            if (c instanceof BindException b) {
                Throwable reason = b.getCause();
                String why = reason == null ? b.getMessage() : rootMessage(reason);
                return flat("invalid configuration: " + b.getName() + ": " + why);
            }
            if (yamlFailure(c)) {
                // the configuration file does not parse: which file, the problem and where (the
                // parser's quote of the line is left out)
                String[] lines = c.getMessage().split("\\R");
                String where = lines.length > 1 ? " " + lines[1].trim().replaceAll(":$", "") : "";
                return flat("invalid configuration: "
                        + (file == null ? "the configuration file" : file.path().toString())
                        + " is not valid YAML: " + lines[0] + where);
            }
        }
        return flat(rootMessage(t));
    }

    /**
     * Whether {@link #oneLine} says all there is to say about {@code t}: a bad configuration, or
     * something jcri needs that is missing or refuses (containerd, the socket's lock). An
     * unexpected failure keeps Spring's stack trace.
     */
    static boolean expected(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidConfigurationException || c instanceof BindException || yamlFailure(c)) {
                return true;
            }
            if (c instanceof JcriException j) {
                return j.kind() != JcriException.Kind.INTERNAL;
            }
        }
        return false;
    }

    /** SnakeYAML's parse errors (Spring Boot's YAML loader lets them through as they are). */
    private static boolean yamlFailure(Throwable c) {
        return c.getClass().getName().startsWith("org.yaml.snakeyaml.") && c.getMessage() != null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** A parser's message may span lines (YAML points at the column): a journal line must not. */
    private static String flat(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /**
     * Keeps Spring from logging an expected start-up failure with its stack trace: jcri's main
     * prints it in one line ({@link #oneLine}).
     */
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static final class Reporter implements SpringBootExceptionReporter {
        @Override
        public boolean reportException(Throwable failure) {
            return expected(failure);
        }
    }
}
