package io.jcri.ports.out;

import java.util.Set;

/**
 * The engine's shim processes on this node, for jcri's namespace only: those that serve a task
 * (running, or left behind by a creation the engine gave up on), and a way to end one the engine
 * no longer knows.
 */
public interface ShimProcesses {

    /** The ids of the tasks whose shim process runs, in jcri's namespace and for jcri's engine. */
    Set<String> running();

    /**
     * Ends the shim of task {@code id}: the shim binary's own {@code delete} (which removes the
     * task's runtime state and mounts), then the shim process itself. Nothing when none runs.
     *
     * @throws io.jcri.domain.error.JcriException.Internal when it still runs afterwards
     */
    void end(String id);
}
