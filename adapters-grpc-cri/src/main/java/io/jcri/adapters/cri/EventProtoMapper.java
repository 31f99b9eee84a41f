package io.jcri.adapters.cri;

import io.jcri.cri.v1.ContainerEventResponse;
import io.jcri.cri.v1.ContainerEventType;
import io.jcri.domain.container.Container;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.sandbox.Sandbox;
import java.util.List;
import java.util.Optional;

/** Container events of the bus to GetContainerEvents messages. */
final class EventProtoMapper {
    private EventProtoMapper() {}

    /** The CRI type of a container event; empty for events the CRI stream does not carry. */
    static Optional<ContainerEventType> type(RuntimeEvent e) {
        return Optional.ofNullable(
                switch (e.type()) {
                    case CONTAINER_CREATED -> ContainerEventType.CONTAINER_CREATED_EVENT;
                    case CONTAINER_STARTED -> ContainerEventType.CONTAINER_STARTED_EVENT;
                    case CONTAINER_STOPPED -> ContainerEventType.CONTAINER_STOPPED_EVENT;
                    case CONTAINER_DELETED -> ContainerEventType.CONTAINER_DELETED_EVENT;
                    default -> null;
                });
    }

    static ContainerEventResponse event(
            RuntimeEvent e, ContainerEventType type, Optional<Sandbox> sandbox, List<Container> podContainers) {
        ContainerEventResponse.Builder b = ContainerEventResponse.newBuilder()
                .setContainerId(e.id())
                .setContainerEventType(type)
                .setCreatedAt(SandboxProtoMapper.nanos(e.at()));
        sandbox.ifPresent(s -> b.setPodSandboxStatus(SandboxProtoMapper.status(s)));
        podContainers.forEach(c -> b.addContainersStatuses(ContainerProtoMapper.status(c)));
        return b.build();
    }
}
