package io.jcri.ports.application.sandbox;

/**
 * What stopping and removing a pod does to its containers, given to the sandbox lifecycle at
 * construction. The container lifecycle implements it; {@link EngineRecordsPodContainers}, for a
 * sandbox lifecycle without one, stops and removes whatever engine records carry the sandbox's id.
 */
public interface PodContainers {

    /** Stops every container of the sandbox (idempotent). */
    void stopAll(String sandboxId);

    /** Removes every container of the sandbox (idempotent). */
    void removeAll(String sandboxId);
}
