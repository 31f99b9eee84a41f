package io.jcri.ports.application.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.event.RuntimeEvent;
import io.jcri.ports.in.RuntimeEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBusTest {
    static RuntimeEvent event(int n) {
        return new RuntimeEvent(RuntimeEvent.Type.CONTAINER_CREATED, "c" + n, "p", Instant.now(), Map.of());
    }

    @Test
    void inlineListenersSeeEventsAtOnceAndQueuedOnesInOrder() throws Exception {
        EventBus bus = new EventBus();
        List<String> inline = new CopyOnWriteArrayList<>();
        List<String> queued = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        bus.subscribeInline(e -> inline.add(e.id()));
        RuntimeEvents.Subscription sub = bus.subscribe("test", e -> {
            queued.add(e.id());
            three.countDown();
        });
        for (int i = 0; i < 3; i++) {
            bus.publish(event(i));
        }
        assertThat(inline).containsExactly("c0", "c1", "c2");
        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(queued).containsExactly("c0", "c1", "c2");
        sub.close();
        assertThat(bus.subscribers()).isZero();
        bus.publish(event(9));
        Thread.sleep(50);
        assertThat(queued).hasSize(3);
    }

    @Test
    void aStuckSubscriberNeitherBlocksPublishersNorOthers() throws Exception {
        EventBus bus = new EventBus();
        CountDownLatch release = new CountDownLatch(1);
        bus.subscribe("stuck", e -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        int n = EventBus.QUEUE_BOUND * 3;
        CountDownLatch last = new CountDownLatch(1);
        bus.subscribe("fast", e -> {
            if (e.id().equals("c" + (n - 1))) {
                last.countDown();
            }
        });
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            bus.publish(event(i));
        }
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(2);
        assertThat(last.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
    }

    @Test
    void aFailingInlineListenerDoesNotStopTheOthers() {
        EventBus bus = new EventBus();
        List<String> seen = new CopyOnWriteArrayList<>();
        bus.subscribeInline(e -> {
            throw new IllegalStateException("boom");
        });
        bus.subscribeInline(e -> seen.add(e.id()));
        bus.publish(event(1));
        assertThat(seen).containsExactly("c1");
    }
}
