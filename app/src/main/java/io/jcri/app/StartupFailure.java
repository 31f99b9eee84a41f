package io.jcri.app;

import org.springframework.boot.context.properties.bind.BindException;

/** Turns a start-up failure into one line naming the key (or the object) and the problem. */
final class StartupFailure {
    private StartupFailure() {}

    static String oneLine(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidConfigurationException e) {
                return "invalid configuration: " + e.getMessage();
            }
            if (c instanceof BindException b) {
                Throwable reason = b.getCause();
                String why = reason == null ? b.getMessage() : rootMessage(reason);
                return "invalid configuration: " + b.getName() + ": " + why;
            }
        }
        return rootMessage(t);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
