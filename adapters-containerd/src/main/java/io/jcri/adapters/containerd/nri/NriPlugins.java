package io.jcri.adapters.containerd.nri;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The plugins that finished synchronizing, in NRI's order (by index, then name). Lifecycle changes
 * hold the read side of a fair lock; a plugin's synchronization holds the write side, from taking
 * the node's inventory until the plugin is in the list, so a change is either in that inventory
 * or among the plugin's events, never lost between them.
 */
final class NriPlugins {
    private final CopyOnWriteArrayList<NriPluginLink> active = new CopyOnWriteArrayList<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);

    <T> T change(Supplier<T> body) {
        lock.readLock().lock();
        try {
            return body.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code sync} with no change under way, then adds the plugin (when {@code sync} succeeds). */
    void synchronizeThenAdd(NriPluginLink link, Runnable sync) {
        lock.writeLock().lock();
        try {
            sync.run();
            if (!link.closed()) {
                active.add(link);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    void remove(NriPluginLink link) {
        active.remove(link);
    }

    /** The plugins still connected, in call order. */
    List<NriPluginLink> active() {
        active.removeIf(NriPluginLink::closed);
        return active.stream()
                .sorted(Comparator.comparing(NriPluginLink::index).thenComparing(NriPluginLink::id))
                .toList();
    }

    void closeAll() {
        active.forEach(NriPluginLink::close);
        active.clear();
    }
}
