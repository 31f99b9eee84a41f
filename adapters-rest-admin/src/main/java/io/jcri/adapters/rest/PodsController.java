package io.jcri.adapters.rest;

import io.jcri.domain.container.Container;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxState;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.RuntimeEvents;
import io.jcri.ports.in.SandboxLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/pods}: the node's pods, each with its containers, IPs and lifecycle timeline. */
@RestController
@RequestMapping("/api/v1/pods")
class PodsController {
    private final SandboxLifecycle sandboxes;
    private final ObjectProvider<ContainerLifecycle> containers;
    private final ObjectProvider<RuntimeEvents> events;
    private final Clock clock = Clock.systemUTC();

    PodsController(
            SandboxLifecycle sandboxes,
            ObjectProvider<ContainerLifecycle> containers,
            ObjectProvider<RuntimeEvents> events) {
        this.sandboxes = sandboxes;
        this.containers = containers;
        this.events = events;
    }

    /**
     * Pods, oldest first. {@code state} is READY or NOTREADY (or the CRI's SANDBOX_ names);
     * {@code label} is {@code key=value}, repeatable; {@code page} counts from 0.
     */
    @GetMapping
    Views.Page<Views.PodSummary> list(
            @RequestParam(required = false, defaultValue = "") String namespace,
            @RequestParam(required = false, defaultValue = "") String state,
            @RequestParam(required = false) List<String> label,
            @RequestParam(required = false, defaultValue = "0") int page,
            @RequestParam(required = false, defaultValue = "50") int size) {
        Paging.check(page, size);
        List<Sandbox> all =
                sandboxes.list(new SandboxLifecycle.Filter("", states(state), Paging.labels(label))).stream()
                        .filter(s ->
                                namespace.isEmpty() || s.config().namespace().equals(namespace))
                        .toList();
        Instant now = clock.instant();
        return Paging.page(
                all, page, size, s -> Views.pod(s, podContainers(s.id()).size(), now));
    }

    @GetMapping("/{id}")
    Views.PodDetail get(@PathVariable String id) {
        Sandbox s = sandboxes.status(id, false).sandbox();
        List<Container> cs = podContainers(s.id());
        RuntimeEvents ev = events.getIfAvailable();
        List<RuntimeEvent> timeline = ev == null ? List.of() : ev.timeline(s.id());
        Instant start = timeline.stream()
                .filter(e -> e.type() == RuntimeEvent.Type.SANDBOX_CREATING)
                .map(RuntimeEvent::at)
                .findFirst()
                .orElse(s.createdAt());
        return new Views.PodDetail(
                Views.pod(s, cs.size(), clock.instant()),
                s.network(),
                s.netns() == null ? "" : s.netns(),
                s.hostNetwork(),
                s.image(),
                s.config().annotations(),
                cs.stream().map(Views::container).toList(),
                timeline.stream().map(e -> Views.entry(e, start)).toList(),
                phases(timeline, start));
    }

    /**
     * Where the pod's start went, in milliseconds: the sandbox image, the network (CNI ADD), the
     * rest of RunPodSandbox, and from the pod's start to its first container running.
     */
    static Map<String, Long> phases(List<RuntimeEvent> timeline, Instant start) {
        Map<RuntimeEvent.Type, Instant> first = new LinkedHashMap<>();
        for (RuntimeEvent e : timeline) {
            first.putIfAbsent(e.type(), e.at());
        }
        Map<String, Long> out = new LinkedHashMap<>();
        Instant image = first.get(RuntimeEvent.Type.SANDBOX_IMAGE_READY);
        Instant network = first.get(RuntimeEvent.Type.SANDBOX_NETWORK_READY);
        Instant ready = first.get(RuntimeEvent.Type.SANDBOX_READY);
        Instant running = first.get(RuntimeEvent.Type.CONTAINER_STARTED);
        if (image != null) {
            out.put("sandboxImageMillis", millis(start, image));
        }
        if (network != null) {
            out.put("networkMillis", millis(image != null ? image : start, network));
        }
        if (ready != null) {
            out.put("runPodSandboxMillis", millis(start, ready));
        }
        if (running != null) {
            out.put("firstContainerRunningMillis", millis(start, running));
        }
        return out;
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private List<Container> podContainers(String sandboxId) {
        ContainerLifecycle c = containers.getIfAvailable();
        return c == null ? List.of() : c.list(ContainerLifecycle.Filter.inSandbox(sandboxId));
    }

    private static Set<SandboxState.Phase> states(String state) {
        if (state.isEmpty()) {
            return Set.of();
        }
        return switch (state.toUpperCase(java.util.Locale.ROOT)) {
            case "READY", "SANDBOX_READY" -> Set.of(SandboxState.Phase.READY);
            case "NOTREADY", "NOT_READY", "SANDBOX_NOTREADY" ->
                Set.of(SandboxState.Phase.NOT_READY, SandboxState.Phase.UNKNOWN);
            default -> throw new IllegalArgumentException("state must be READY or NOTREADY, got \"" + state + "\"");
        };
    }
}
