package io.jcri.adapters.cri;

import io.jcri.cri.v1.CheckpointContainerRequest;
import io.jcri.cri.v1.CheckpointPodRequest;
import io.jcri.cri.v1.RestorePodRequest;
import io.jcri.cri.v1.RestorePodResponse;
import io.jcri.cri.v1.RestoredContainer;
import io.jcri.ports.in.Checkpointing;
import java.time.Duration;

/** CheckpointContainer, CheckpointPod and RestorePod requests to commands, and back. */
final class CheckpointProtoMapper {
    private CheckpointProtoMapper() {}

    static Checkpointing.CheckpointContainerCommand command(CheckpointContainerRequest r) {
        return new Checkpointing.CheckpointContainerCommand(
                r.getContainerId(), r.getLocation(), Duration.ofSeconds(Math.max(0, r.getTimeout())));
    }

    static Checkpointing.CheckpointPodCommand command(CheckpointPodRequest r) {
        return new Checkpointing.CheckpointPodCommand(r.getPodSandboxId(), r.getOutputPath(), r.getContainerIdsList());
    }

    static Checkpointing.RestorePodCommand command(RestorePodRequest r) {
        return new Checkpointing.RestorePodCommand(
                r.getCheckpointPath(),
                r.hasConfig(),
                r.getConfig().getMetadata().getName(),
                r.getRuntimeHandler());
    }

    static RestorePodResponse response(Checkpointing.RestoredPod pod) {
        RestorePodResponse.Builder b = RestorePodResponse.newBuilder().setPodSandboxId(pod.sandboxId());
        pod.containers()
                .forEach((name, id) -> b.addRestoredContainers(
                        RestoredContainer.newBuilder().setName(name).setContainerId(id)));
        return b.build();
    }
}
