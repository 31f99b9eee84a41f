package io.jcri.ports.application.sandbox;

import io.jcri.domain.task.ContainerRecord;
import io.jcri.ports.application.common.TaskReaper;
import io.jcri.ports.out.ContainerRuntime;
import java.util.List;
import java.util.Map;

/**
 * {@link PodContainers} on the engine's records alone: the containers labelled with the sandbox's
 * id are killed, and on removal deleted with their snapshots.
 */
public final class EngineRecordsPodContainers implements PodContainers {
    /** The label jcri puts on a container's engine record naming its sandbox. */
    public static final String SANDBOX_ID_LABEL = "io.jcri.sandbox-id";

    private final ContainerRuntime runtime;

    public EngineRecordsPodContainers(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    private List<ContainerRecord> of(String sandboxId) {
        return runtime.listContainers(Map.of(SANDBOX_ID_LABEL, sandboxId)).stream()
                .filter(r -> !r.id().equals(sandboxId))
                .toList();
    }

    @Override
    public void stopAll(String sandboxId) {
        for (ContainerRecord r : of(sandboxId)) {
            TaskReaper.kill(runtime, r.id());
        }
    }

    @Override
    public void removeAll(String sandboxId) {
        for (ContainerRecord r : of(sandboxId)) {
            TaskReaper.kill(runtime, r.id());
            runtime.deleteContainer(r.id());
            if (!r.snapshotKey().isEmpty()) {
                runtime.removeSnapshot(r.snapshotter(), r.snapshotKey());
            }
        }
    }
}
