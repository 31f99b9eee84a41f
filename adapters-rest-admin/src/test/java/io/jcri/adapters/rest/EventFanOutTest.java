package io.jcri.adapters.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;

/** The event stream's bounds: subscribers at once, one upstream subscription, a timeout, a queue each. */
class EventFanOutTest {

    @Test
    void subscribersBeyondTheLimitAreRefusedAsUnavailableAndShareOneUpstreamSubscription() {
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
    void aStreamEndsAtTheConfiguredTimeoutAndFreesItsPlace() {
        CountingEvents events = new CountingEvents();
        try (EventFanOut fanOut = new EventFanOut(events, new AdminLimits(1, Duration.ofMillis(300), 1 << 20))) {
            Flux<ServerSentEvent<Object>> first = fanOut.open("POD");
            long start = System.nanoTime();
            List<ServerSentEvent<Object>> got = first.collectList().block(Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(got).containsExactly(EventFanOut.LIVE);
            assertThat(fanOut.subscribers()).isZero();
            fanOut.open("POD");
            assertThat(fanOut.subscribers()).isEqualTo(1);
        }
    }

    @Test
    void aStreamGetsTheEventsOfItsSubjectNamedByTypeWithTheEventAsData() {
        CountingEvents events = new CountingEvents();
        try (EventFanOut fanOut = new EventFanOut(events, new AdminLimits(2, Duration.ofMillis(500), 1 << 20))) {
            Flux<ServerSentEvent<Object>> pods = fanOut.open("POD");
            events.publish(RuntimeEvent.Type.CONTAINER_STARTED, "c1");
            events.publish(RuntimeEvent.Type.SANDBOX_READY, "p1");
            List<ServerSentEvent<Object>> got = pods.collectList().block(Duration.ofSeconds(10));
            assertThat(got).hasSize(2);
            assertThat(got.get(0).comment()).isEqualTo("jcri events");
            assertThat(got.get(1).event()).isEqualTo("SANDBOX_READY");
            assertThat(got.get(1).id()).endsWith("-p1");
            assertThat(got.get(1).data()).isInstanceOfSatisfying(Views.EventView.class, v -> {
                assertThat(v.type()).isEqualTo("SANDBOX_READY");
                assertThat(v.id()).isEqualTo("p1");
                assertThat(v.details()).containsEntry("name", "p1");
            });
        }
    }

    @Test
    void aSubscriberThatFallsAQueueBehindIsEnded() {
        CountingEvents events = new CountingEvents();
        try (EventFanOut fanOut = new EventFanOut(events, new AdminLimits(2, Duration.ofMinutes(1), 1 << 20))) {
            Flux<ServerSentEvent<Object>> slow = fanOut.open("");
            for (int i = 0; i < EventFanOut.QUEUE; i++) {
                events.publish(RuntimeEvent.Type.CONTAINER_CREATED, "c" + i);
            }
            assertThat(fanOut.subscribers())
                    .as("a full queue is not yet behind")
                    .isEqualTo(1);
            events.publish(RuntimeEvent.Type.CONTAINER_CREATED, "one-too-many");
            assertThat(fanOut.subscribers()).isZero();
            List<ServerSentEvent<Object>> got = slow.collectList().block(Duration.ofSeconds(10));
            assertThat(got).as("the queued events, then the end").hasSize(1 + EventFanOut.QUEUE);
        }
    }
}
