package io.jcri.ports.application.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.event.RuntimeEvent;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The events of failed RunPodSandbox calls (no pod in the store, no SANDBOX_REMOVED) are bounded. */
class PodTimelinesTest {
    final EventBus bus = new EventBus();
    final PodTimelines timelines = new PodTimelines(bus, new Sandboxes(), new Containers());

    private void failedRun(String id) {
        bus.publish(new RuntimeEvent(RuntimeEvent.Type.SANDBOX_CREATING, id, id, Instant.now(), Map.of()));
        bus.publish(new RuntimeEvent(RuntimeEvent.Type.SANDBOX_IMAGE_READY, id, id, Instant.now(), Map.of()));
    }

    @Test
    void onlyTheLatestFailedRunsKeepTheirEvents() {
        int runs = PodTimelines.UNSETTLED_PODS * 3;
        for (int i = 0; i < runs; i++) {
            failedRun("failed-" + i);
        }

        assertThat(timelines.podsKept()).isEqualTo(PodTimelines.UNSETTLED_PODS);
        assertThat(timelines.keeps("failed-0")).isFalse();
        assertThat(timelines.keeps("failed-" + (runs - 1))).isTrue();
        assertThat(timelines.keeps("failed-" + (runs - PodTimelines.UNSETTLED_PODS)))
                .isTrue();
    }

    @Test
    void aRemovedPodsEventsGoAtOnce() {
        failedRun("pod");
        bus.publish(new RuntimeEvent(RuntimeEvent.Type.SANDBOX_REMOVED, "pod", "pod", Instant.now(), Map.of()));
        assertThat(timelines.podsKept()).isZero();
    }
}
