package io.jcri.adapters.cri;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jcri.cri.v1.ContainerEventResponse;
import io.jcri.cri.v1.GetEventsRequest;
import io.jcri.domain.container.Container;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.RuntimeEvents;
import java.util.List;
import java.util.Optional;

/**
 * GetContainerEvents: streams container events until the client goes away, each with the pod's
 * status and its containers' statuses as they are when the event is sent.
 */
final class GrpcContainerEvents {
    private final CriUseCases useCases;

    GrpcContainerEvents(CriUseCases useCases) {
        this.useCases = useCases;
    }

    void stream(GetEventsRequest request, StreamObserver<ContainerEventResponse> observer) {
        RuntimeEvents events = useCases.events();
        var call = (ServerCallStreamObserver<ContainerEventResponse>) observer;
        RuntimeEvents.Subscription subscription =
                events.subscribe("cri-" + Integer.toHexString(System.identityHashCode(call)), e -> send(call, e));
        call.setOnCancelHandler(subscription::close);
    }

    private void send(ServerCallStreamObserver<ContainerEventResponse> call, RuntimeEvent e) {
        var type = EventProtoMapper.type(e);
        if (type.isEmpty() || call.isCancelled()) {
            return;
        }
        var message =
                EventProtoMapper.event(e, type.get(), sandbox(e.sandboxId()), podContainers(useCases, e.sandboxId()));
        synchronized (call) {
            if (!call.isCancelled()) {
                call.onNext(message);
            }
        }
    }

    private Optional<Sandbox> sandbox(String id) {
        try {
            return Optional.of(useCases.sandboxes().status(id, false).sandbox());
        } catch (JcriException ex) {
            return Optional.empty();
        }
    }

    /** The pod's containers. */
    static List<Container> podContainers(CriUseCases useCases, String sandboxId) {
        return useCases.containers().list(ContainerLifecycle.Filter.inSandbox(sandboxId));
    }
}
