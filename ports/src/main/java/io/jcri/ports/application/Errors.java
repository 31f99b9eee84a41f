package io.jcri.ports.application;

import io.jcri.domain.error.JcriException;

/** Puts context in front of an error's message, keeping its kind (and so its status code). */
final class Errors {
    private Errors() {}

    static JcriException withContext(JcriException e, String prefix) {
        return JcriException.of(e.kind(), prefix + e.getMessage(), e);
    }
}
