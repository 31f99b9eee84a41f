package io.jcri.ports.application.common;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One reentrant read-write lock per object id, so operations on one object run one after another
 * (exclusive) while operations that only need the object to stay (shared: creating a container in
 * a pod) run side by side. A lock is dropped when its object is removed ({@link #forget}).
 */
public final class ObjectLocks {
    private final ConcurrentHashMap<String, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();

    private ReentrantReadWriteLock of(String id) {
        return locks.computeIfAbsent(id, k -> new ReentrantReadWriteLock(true));
    }

    /** Runs {@code body} alone on the object: no other exclusive or shared holder meanwhile. */
    public <T> T exclusive(String id, Supplier<T> body) {
        return holding(of(id).writeLock(), body);
    }

    public void exclusive(String id, Runnable body) {
        exclusive(id, () -> {
            body.run();
            return null;
        });
    }

    /** Runs {@code body} while no exclusive operation runs on the object. */
    public <T> T shared(String id, Supplier<T> body) {
        return holding(of(id).readLock(), body);
    }

    /** Drops the lock of a removed object (a later holder gets a fresh one). */
    public void forget(String id) {
        locks.remove(id);
    }

    private static <T> T holding(Lock lock, Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }
}
