package io.jcri.domain.naming;

import io.jcri.domain.error.JcriException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unique names and who holds them. A name (a pod's name_namespace_uid_attempt, or a container's
 * name within its sandbox) is reserved for one id at a time: a second reservation for another id
 * fails with AlreadyExists naming the holder; releasing makes it free again.
 */
public final class NameReservations {
    private final ConcurrentHashMap<String, String> byName = new ConcurrentHashMap<>();
    private final String kind;

    /** @param kind what the names name, for messages ("sandbox", "container") */
    public NameReservations(String kind) {
        this.kind = kind;
    }

    /** Reserves {@code name} for {@code id}; reserving it again for the same id is fine. */
    public void reserve(String name, String id) {
        String holder = byName.putIfAbsent(name, id);
        if (holder != null && !holder.equals(id)) {
            throw new JcriException.AlreadyExists(
                    kind + " name \"" + name + "\" is reserved for " + kind + " " + holder);
        }
    }

    /** Frees {@code name} if {@code id} holds it. */
    public void release(String name, String id) {
        byName.remove(name, id);
    }

    public Optional<String> holder(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
