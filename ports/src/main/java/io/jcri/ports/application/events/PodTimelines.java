package io.jcri.ports.application.events;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.event.RuntimeEvent.Type;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.RuntimeEvents;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Keeps each pod's lifecycle events from the bus (and the recent image pulls) to answer where a
 * pod's start time went. A pod's events are dropped when it is removed. After a restart, entries
 * the records still know (creation, start and exit times) stand in for the lost events.
 */
public final class PodTimelines implements RuntimeEvents, Consumer<RuntimeEvent> {
    static final int RECENT_PULLS = 256;
    static final int EVENTS_PER_POD = 512;
    /**
     * Pods not (or not yet) in the store whose events are kept: failed RunPodSandbox calls leave
     * their events with no SANDBOX_REMOVED to drop them, so beyond this many the oldest go.
     */
    static final int UNSETTLED_PODS = 128;

    private final EventBus bus;
    private final Sandboxes sandboxes;
    private final Containers containers;
    private final Map<String, List<RuntimeEvent>> byPod = new ConcurrentHashMap<>();
    private final Deque<RuntimeEvent> pulls = new ArrayDeque<>();
    /** Pods whose first event came before they were in the store, oldest first. */
    private final Deque<String> unsettled = new ArrayDeque<>();

    public PodTimelines(EventBus bus, Sandboxes sandboxes, Containers containers) {
        this.bus = bus;
        this.sandboxes = sandboxes;
        this.containers = containers;
        bus.subscribeInline(this);
    }

    @Override
    public void accept(RuntimeEvent e) {
        if (e.subject() == RuntimeEvent.Subject.IMAGE) {
            if (e.type() == Type.IMAGE_PULLED) {
                synchronized (pulls) {
                    pulls.addLast(e);
                    while (pulls.size() > RECENT_PULLS) {
                        pulls.removeFirst();
                    }
                }
            }
            return;
        }
        if (e.type() == Type.SANDBOX_REMOVED) {
            byPod.remove(e.sandboxId());
            return;
        }
        if (!byPod.containsKey(e.sandboxId()) && sandboxes.get(e.sandboxId()).isEmpty()) {
            unsettled(e.sandboxId());
        }
        List<RuntimeEvent> list = byPod.computeIfAbsent(e.sandboxId(), k -> new ArrayList<>());
        synchronized (list) {
            if (list.size() < EVENTS_PER_POD) {
                list.add(e);
            }
        }
    }

    /**
     * Notes a pod seen before the store has it; drops the events of the oldest such pods that the
     * store still does not have (failed runs) once more than {@link #UNSETTLED_PODS} are noted.
     */
    private void unsettled(String podId) {
        synchronized (unsettled) {
            unsettled.addLast(podId);
            while (unsettled.size() > UNSETTLED_PODS) {
                String oldest = unsettled.removeFirst();
                if (sandboxes.get(oldest).isEmpty()) {
                    byPod.remove(oldest);
                }
                // one the store has now keeps its events until it is removed
            }
        }
    }

    /** Whether events of {@code podId} are kept (for tests). */
    boolean keeps(String podId) {
        return byPod.containsKey(podId);
    }

    /** How many pods' events are kept (for tests). */
    int podsKept() {
        return byPod.size();
    }

    @Override
    public Subscription subscribe(String name, Consumer<RuntimeEvent> listener) {
        return bus.subscribe(name, listener);
    }

    @Override
    public List<RuntimeEvent> timeline(String sandboxIdOrPrefix) {
        Sandbox sandbox = sandboxes.resolve(sandboxIdOrPrefix);
        if (sandbox == null) {
            throw new JcriException.NotFound("pod sandbox " + sandboxIdOrPrefix + " does not exist");
        }
        List<RuntimeEvent> out = new ArrayList<>();
        List<RuntimeEvent> recorded = byPod.getOrDefault(sandbox.id(), List.of());
        synchronized (recorded) {
            out.addAll(recorded);
        }
        List<Container> pod = containers.inSandbox(sandbox.id());
        out.addAll(derived(sandbox, pod, out));
        out.addAll(pullsFor(sandbox, pod));
        out.sort(Comparator.comparing(RuntimeEvent::at));
        return out;
    }

    /** Entries the records know that no recorded event covers (after a restart). */
    private static List<RuntimeEvent> derived(Sandbox sandbox, List<Container> pod, List<RuntimeEvent> recorded) {
        Set<String> seen = new HashSet<>();
        for (RuntimeEvent e : recorded) {
            seen.add(e.type() + "/" + e.id());
        }
        List<RuntimeEvent> out = new ArrayList<>();
        if (!seen.contains(Type.SANDBOX_CREATING + "/" + sandbox.id())) {
            out.add(new RuntimeEvent(
                    Type.SANDBOX_CREATING,
                    sandbox.id(),
                    sandbox.id(),
                    sandbox.createdAt(),
                    Map.of(
                            "name",
                            sandbox.config().name(),
                            "namespace",
                            sandbox.config().namespace())));
        }
        for (Container c : pod) {
            Map<String, String> names = Map.of("name", c.metadata().name());
            if (!seen.contains(Type.CONTAINER_CREATED + "/" + c.id())) {
                out.add(new RuntimeEvent(
                        Type.CONTAINER_CREATED,
                        c.id(),
                        sandbox.id(),
                        c.metadata().createdAt(),
                        names));
            }
            Instant started = c.state() instanceof ContainerState.Running r
                    ? r.startedAt()
                    : c.state() instanceof ContainerState.Exited x ? x.startedAt() : null;
            if (started != null && !seen.contains(Type.CONTAINER_STARTED + "/" + c.id())) {
                out.add(new RuntimeEvent(Type.CONTAINER_STARTED, c.id(), sandbox.id(), started, names));
            }
            if (c.state() instanceof ContainerState.Exited x && !seen.contains(Type.CONTAINER_STOPPED + "/" + c.id())) {
                out.add(new RuntimeEvent(
                        Type.CONTAINER_STOPPED,
                        c.id(),
                        sandbox.id(),
                        x.finishedAt(),
                        Map.of(
                                "name",
                                c.metadata().name(),
                                "exitCode",
                                Integer.toString(x.exitCode()),
                                "reason",
                                x.reason())));
            }
        }
        return out;
    }

    /** Pulls of the pod's images (and its sandbox image) made after the pod began. */
    private List<RuntimeEvent> pullsFor(Sandbox sandbox, List<Container> pod) {
        Set<String> refs = new HashSet<>();
        refs.add(sandbox.image());
        for (Container c : pod) {
            refs.add(c.metadata().imageName());
            refs.add(c.metadata().imageId());
            refs.add(c.metadata().imageRef());
        }
        List<RuntimeEvent> out = new ArrayList<>();
        synchronized (pulls) {
            for (RuntimeEvent e : pulls) {
                boolean ours = refs.contains(e.id()) || refs.contains(e.detail("reference"));
                if (ours && !e.at().isBefore(sandbox.createdAt())) {
                    out.add(e);
                }
            }
        }
        return out;
    }
}
