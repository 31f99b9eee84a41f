package io.jcri.adapters.containerd.client;

import com.google.protobuf.Any;
import io.jcri.containerd.api.services.events.v1.Envelope;
import io.jcri.containerd.api.services.events.v1.EventsGrpc;
import io.jcri.containerd.api.services.events.v1.PublishRequest;
import io.jcri.containerd.api.services.events.v1.SubscribeRequest;
import java.util.Iterator;
import java.util.List;

/**
 * containerd's Events service. A subscription has no deadline (it lasts until it breaks or the
 * caller's context is cancelled); Publish has the probe deadline.
 */
public final class Events {
    private final Calls calls;

    public Events(ContainerdClient client) {
        this.calls = new Calls(client);
    }

    /** The envelopes matching any of {@code filters}, from now on. */
    public Iterator<Envelope> subscribe(List<String> filters) {
        return calls.subscription(
                EventsGrpc.getSubscribeMethod(),
                SubscribeRequest.newBuilder().addAllFilters(filters).build());
    }

    /** Publishes {@code event} under {@code topic} in the client's namespace. */
    public void publish(String topic, Any event) {
        calls.unary(
                EventsGrpc.getPublishMethod(),
                PublishRequest.newBuilder().setTopic(topic).setEvent(event).build(),
                calls.deadlines().probe(),
                topic);
    }
}
