package io.jcri.ports.in;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CRI's checkpoint verbs: CheckpointContainer, CheckpointPod and RestorePod, and the check a
 * CreateContainer makes before it would create a container from a checkpoint.
 */
public interface Checkpointing {

    /**
     * CheckpointContainer: dumps a running container (it keeps running) into an archive at
     * {@code command.location()}.
     */
    void checkpointContainer(CheckpointContainerCommand command);

    /** CheckpointPod: the pod's containers, each into an archive under the output path. */
    void checkpointPod(CheckpointPodCommand command);

    /** RestorePod: a pod and its containers from a pod checkpoint. */
    RestoredPod restorePod(RestorePodCommand command);

    /**
     * Refuses a CreateContainer whose image is a checkpoint (an archive path, or an image
     * annotated as one), naming why; does nothing for an ordinary image.
     */
    void refuseRestore(String containerName, String image, Map<String, String> annotations);

    /** What Status' verbose info says about checkpointing (CRIU's verdict), as a JSON-able map. */
    Map<String, Object> statusInfo();

    /** @param timeout how long the dump may take; zero for jcri's default */
    record CheckpointContainerCommand(String containerId, String location, Duration timeout) {
        public CheckpointContainerCommand {
            containerId = containerId == null ? "" : containerId;
            location = location == null ? "" : location;
            timeout = timeout == null || timeout.isNegative() ? Duration.ZERO : timeout;
        }
    }

    /** @param containerIds the containers to include; empty for all the pod's running ones */
    record CheckpointPodCommand(String sandboxId, String outputPath, List<String> containerIds) {
        public CheckpointPodCommand {
            sandboxId = sandboxId == null ? "" : sandboxId;
            outputPath = outputPath == null ? "" : outputPath;
            containerIds = List.copyOf(containerIds == null ? List.of() : containerIds);
        }
    }

    /**
     * @param configGiven whether the request carries a PodSandboxConfig
     * @param podName the config's metadata name (empty when none)
     */
    record RestorePodCommand(String checkpointPath, boolean configGiven, String podName, String runtimeHandler) {
        public RestorePodCommand {
            checkpointPath = checkpointPath == null ? "" : checkpointPath;
            podName = podName == null ? "" : podName;
            runtimeHandler = runtimeHandler == null ? "" : runtimeHandler;
        }
    }

    /** The restored pod and its containers (name to id). */
    record RestoredPod(String sandboxId, Map<String, String> containers) {
        public RestoredPod {
            Objects.requireNonNull(sandboxId, "sandboxId");
            containers = Map.copyOf(containers);
        }
    }
}
