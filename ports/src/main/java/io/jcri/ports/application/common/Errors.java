package io.jcri.ports.application.common;

import io.jcri.domain.error.JcriException;

/** Puts context in front of an error's message, keeping its kind (and so its status code). */
public final class Errors {
    private Errors() {}

    public static JcriException withContext(JcriException e, String prefix) {
        return JcriException.of(e.kind(), prefix + e.getMessage(), e);
    }
}
