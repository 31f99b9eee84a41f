package io.jcri.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.ports.in.RuntimeEvents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The event stream's bounds: subscribers at once, one upstream subscription, a timeout per stream. */
class EventFanOutTest {
    /** Counts subscriptions: the node's event bus starts a thread for each. */
    private static final class CountingEvents implements RuntimeEvents {
        final AtomicInteger subscriptions = new AtomicInteger();

        @Override
        public Subscription subscribe(String name, Consumer<RuntimeEvent> listener) {
            subscriptions.incrementAndGet();
            return () -> subscriptions.decrementAndGet();
        }

        @Override
        public List<RuntimeEvent> timeline(String sandboxIdOrPrefix) {
            return List.of();
        }
    }

    @Test
    void subscribersBeyondTheLimitAreRefusedAsUnavailableAndShareOneUpstreamSubscription() throws Exception {
        CountingEvents events = new CountingEvents();
        try (EventFanOut fanOut = new EventFanOut(events, new AdminLimits(5, Duration.ofMinutes(1), 1 << 20))) {
            for (int i = 0; i < 5; i++) {
                fanOut.open("");
            }
            assertThatThrownBy(() -> fanOut.open(""))
                    .isInstanceOf(JcriException.Unavailable.class)
                    .hasMessageContaining("at most 5");
            assertThat(fanOut.subscribers()).isEqualTo(5);
            assertThat(events.subscriptions.get()).isEqualTo(1);
        }
    }

    @Test
    void aStreamEndsAtTheConfiguredTimeout() throws Exception {
        CountingEvents events = new CountingEvents();
        try (EventFanOut fanOut = new EventFanOut(events, new AdminLimits(1, Duration.ofSeconds(42), 1 << 20))) {
            SseEmitter first = fanOut.open("POD");
            assertThat(first.getTimeout()).isEqualTo(42_000L);
        }
    }
}
