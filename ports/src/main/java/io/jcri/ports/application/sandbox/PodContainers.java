package io.jcri.ports.application.sandbox;

/**
 * What stopping and removing a pod does to its containers. The container lifecycle implements it;
 * until it does, {@link EngineRecordsPodContainers} stops and removes whatever engine records
 * carry the sandbox's id.
 */
public interface PodContainers {

    /** Stops every container of the sandbox (idempotent). */
    void stopAll(String sandboxId);

    /** Removes every container of the sandbox (idempotent). */
    void removeAll(String sandboxId);
}
