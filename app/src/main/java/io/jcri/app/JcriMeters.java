package io.jcri.app;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxState;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.RuntimeEvents;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * jcri's own metrics (the CRI call histogram lives in the CRI interceptor): pod start latency
 * (RunPodSandbox to its first container running), image pull bytes and durations, sandboxes and
 * containers by state, and containerd call latency.
 */
final class JcriMeters implements AutoCloseable {
    private final MeterRegistry registry;
    private final Map<String, Instant> podStarts = new ConcurrentHashMap<>();
    private final RuntimeEvents.Subscription subscription;

    JcriMeters(
            MeterRegistry registry, EventBus bus, Sandboxes sandboxes, Containers containers, ContainerdClient client) {
        this.registry = registry;
        if (registry == null) {
            subscription = () -> {};
            return;
        }
        for (String state : List.of(SandboxState.Phase.READY.label(), SandboxState.Phase.NOT_READY.label())) {
            Gauge.builder("jcri.sandboxes", sandboxes, s -> count(s.list(), state))
                    .description("Pod sandboxes by state")
                    .tag("state", state)
                    .register(registry);
        }
        for (ContainerState.Phase phase : ContainerState.Phase.values()) {
            Gauge.builder(
                            "jcri.containers",
                            containers,
                            c -> c.list().stream()
                                    .filter(x -> x.state().phase() == phase)
                                    .count())
                    .description("Containers by state")
                    .tag("state", phase.label())
                    .register(registry);
        }
        client.observeCalls((method, nanos, ok) -> Timer.builder("jcri.containerd.call")
                .description("containerd calls by method and outcome")
                .tag("method", method)
                .tag("outcome", ok ? "ok" : "error")
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS));
        subscription = bus.subscribeInline(this::onEvent);
    }

    private static double count(List<Sandbox> list, String state) {
        return list.stream()
                .filter(s -> s.state().phase().label().equals(state))
                .count();
    }

    private void onEvent(RuntimeEvent e) {
        switch (e.type()) {
            case SANDBOX_CREATING -> podStarts.put(e.sandboxId(), e.at());
            case SANDBOX_REMOVED -> podStarts.remove(e.sandboxId());
            case CONTAINER_STARTED -> {
                Instant began = podStarts.remove(e.sandboxId());
                if (began != null) {
                    Timer.builder("jcri.pod.start")
                            .description("From RunPodSandbox to the pod's first container running")
                            .publishPercentileHistogram()
                            .register(registry)
                            .record(Duration.between(began, e.at()));
                }
            }
            case IMAGE_PULLED -> {
                DistributionSummary.builder("jcri.image.pull.size")
                        .description("Size of pulled images")
                        .baseUnit("bytes")
                        .register(registry)
                        .record(parse(e.detail("bytes")));
                Timer.builder("jcri.image.pull.duration")
                        .description("Image pull durations")
                        .publishPercentileHistogram()
                        .register(registry)
                        .record(Duration.ofNanos((long) (Double.parseDouble(e.detail("seconds")) * 1e9)));
            }
            default -> {}
        }
    }

    private static double parse(String number) {
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        subscription.close();
    }
}
