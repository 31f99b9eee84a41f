package io.jcri.ports.application.store;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.naming.IdIndex;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.application.common.ObjectLocks;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The in-memory cache of sandboxes, rebuilt from containerd at start-up. One object is updated
 * atomically; readers get snapshots. {@link #begin}/{@link #end} mark a sandbox busy so two RPCs
 * cannot race on it.
 */
public final class Sandboxes {
    private final ConcurrentHashMap<String, Sandbox> byId = new ConcurrentHashMap<>();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    /**
     * Stop and remove of a sandbox hold its lock exclusively, creating a container in it shared: a
     * container is never made in a pod being torn down.
     */
    public final ObjectLocks locks = new ObjectLocks();

    public void put(Sandbox sandbox) {
        byId.put(sandbox.id(), sandbox);
    }

    public Optional<Sandbox> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The sandbox with that id or unique id prefix. */
    public Sandbox resolve(String idOrPrefix) {
        return byId.get(IdIndex.resolve("sandbox", idOrPrefix, byId.keySet()));
    }

    /** Applies {@code change} to the sandbox atomically; returns the result, or empty when absent. */
    public Optional<Sandbox> update(String id, UnaryOperator<Sandbox> change) {
        return Optional.ofNullable(byId.computeIfPresent(id, (k, v) -> change.apply(v)));
    }

    public void remove(String id) {
        byId.remove(id);
    }

    public List<Sandbox> list() {
        return List.copyOf(byId.values());
    }

    /** Marks the sandbox busy; fails if another call is working on it. */
    public void begin(String id, String what) {
        if (!busy.add(id)) {
            throw new JcriException.FailedPrecondition(
                    "sandbox " + id + " is busy with another operation; cannot " + what + " now");
        }
    }

    public void end(String id) {
        busy.remove(id);
    }
}
