package io.jcri.adapters.rest;

import io.jcri.domain.event.RuntimeEvent;
import io.jcri.ports.in.RuntimeEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Counts subscriptions (the node's event bus starts a thread for each) and publishes to them. */
final class CountingEvents implements RuntimeEvents {
    final AtomicInteger subscriptions = new AtomicInteger();
    private final List<Consumer<RuntimeEvent>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Subscription subscribe(String name, Consumer<RuntimeEvent> listener) {
        subscriptions.incrementAndGet();
        listeners.add(listener);
        return () -> {
            listeners.remove(listener);
            subscriptions.decrementAndGet();
        };
    }

    @Override
    public List<RuntimeEvent> timeline(String sandboxIdOrPrefix) {
        return List.of();
    }

    void publish(RuntimeEvent.Type type, String id) {
        RuntimeEvent e = new RuntimeEvent(type, id, "pod", Instant.now(), Map.of("name", id));
        listeners.forEach(l -> l.accept(e));
    }
}
