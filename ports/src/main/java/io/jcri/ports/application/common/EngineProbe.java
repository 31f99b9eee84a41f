package io.jcri.ports.application.common;

import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.ContainerRuntime;

/**
 * Tells, when one object's engine call failed as Unavailable during recovery, whether the engine
 * is down (the whole attempt fails and is retried) or only that object is in trouble (a hung shim:
 * recovery keeps it as unknown and goes on).
 */
public final class EngineProbe {
    private EngineProbe() {}

    /** Throws {@code failure} again when the engine does not answer now; returns when it does. */
    public static void rethrowIfEngineDown(ContainerRuntime runtime, JcriException.Unavailable failure) {
        try {
            runtime.engineInfo();
        } catch (JcriException.Unavailable down) {
            throw failure;
        }
    }
}
