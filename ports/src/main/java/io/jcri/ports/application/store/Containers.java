package io.jcri.ports.application.store;

import io.jcri.domain.container.Container;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.naming.IdIndex;
import io.jcri.domain.naming.NameReservations;
import io.jcri.ports.application.common.ObjectLocks;
import io.jcri.ports.out.ContainerStatusFiles;
import io.jcri.ports.out.TaskStdio;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The in-memory cache of containers, rebuilt at start-up by {@link io.jcri.ports.application.container.ContainerRecovery}. One
 * container is updated atomically; readers get snapshots. It also holds the open stdio (log
 * writer, attach fan-out) of containers whose task exists, the names reserved per sandbox, and
 * a busy mark so two RPCs cannot race on one container.
 */
public final class Containers {
    private final ConcurrentHashMap<String, Container> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TaskStdio> stdio = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final NameReservations names = new NameReservations("container");
    /** Serialises start, stop and remove of one container. */
    public final ObjectLocks locks = new ObjectLocks();

    private final ConcurrentHashMap<String, Object> writeLocks = new ConcurrentHashMap<>();

    public void put(Container container) {
        byId.put(container.id(), container);
    }

    public Optional<Container> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The container with that id or unique id prefix, or NotFound. */
    public Container resolve(String idOrPrefix) {
        String id = IdIndex.resolve("container", idOrPrefix, byId.keySet());
        Container c = byId.get(id);
        if (c == null) {
            throw new JcriException.NotFound("container " + idOrPrefix + " does not exist");
        }
        return c;
    }

    /** Applies {@code change} atomically; returns the result, or empty when absent. */
    public Optional<Container> update(String id, UnaryOperator<Container> change) {
        return Optional.ofNullable(byId.computeIfPresent(id, (k, v) -> change.apply(v)));
    }

    public void remove(String id) {
        byId.remove(id);
        writeLocks.remove(id);
    }

    /**
     * Writes the container's current state to its status file. Writers of one container take
     * turns and each writes the state as it is then, so a slower writer never puts back an older
     * state (a start's RUNNING after the exit's EXITED).
     */
    public void persist(String id, ContainerStatusFiles files) {
        synchronized (writeLocks.computeIfAbsent(id, k -> new Object())) {
            Container c = byId.get(id);
            if (c != null) {
                files.write(id, c.state());
            }
        }
    }

    public List<Container> list() {
        return List.copyOf(byId.values());
    }

    public List<Container> inSandbox(String sandboxId) {
        return byId.values().stream()
                .filter(c -> c.sandboxId().equals(sandboxId))
                .toList();
    }

    public NameReservations names() {
        return names;
    }

    public void putStdio(String id, TaskStdio value) {
        stdio.put(id, value);
    }

    public Optional<TaskStdio> stdio(String id) {
        return Optional.ofNullable(stdio.get(id));
    }

    /** Takes the stdio out (the caller closes it); empty when there is none. */
    public Optional<TaskStdio> takeStdio(String id) {
        return Optional.ofNullable(stdio.remove(id));
    }

    /**
     * Lets go of every open stdio without removing its FIFOs (jcri is stopping; the processes run
     * on and recovery reattaches their logs).
     */
    public void detachAllStdio() {
        for (String id : List.copyOf(stdio.keySet())) {
            takeStdio(id).ifPresent(TaskStdio::detach);
        }
    }

    /** Marks the container busy; fails if another call is working on it. */
    public void begin(String id, String what) {
        if (!busy.add(id)) {
            throw new JcriException.FailedPrecondition(
                    "container " + id + " is busy with another operation; cannot " + what + " now");
        }
    }

    public void end(String id) {
        busy.remove(id);
    }
}
