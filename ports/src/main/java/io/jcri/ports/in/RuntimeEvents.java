package io.jcri.ports.in;

import io.jcri.domain.event.RuntimeEvent;
import java.util.List;
import java.util.function.Consumer;

/** What happens on the node, as it happens (for GetContainerEvents, the admin API's SSE stream). */
public interface RuntimeEvents {

    /**
     * Delivers every event published from now on to {@code listener}, in order, on a thread of
     * its own (a slow listener delays only itself; past a bound its oldest undelivered events are
     * dropped). Closing the subscription stops delivery.
     */
    Subscription subscribe(String name, Consumer<RuntimeEvent> listener);

    /**
     * Where a pod's time went: its lifecycle events (and pulls of its images) in time order. After a
     * restart of jcri the entries come from what the records keep (creation, start and exit times).
     */
    List<RuntimeEvent> timeline(String sandboxIdOrPrefix);

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
