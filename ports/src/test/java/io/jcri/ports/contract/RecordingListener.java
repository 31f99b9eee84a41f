package io.jcri.ports.contract;

import io.jcri.domain.task.TaskEvent;
import io.jcri.ports.out.TaskEventListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A task event listener that keeps what it got, for tests to wait on. */
public final class RecordingListener implements TaskEventListener {
    private final List<TaskEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger resyncs = new AtomicInteger();

    @Override
    public void onEvent(TaskEvent event) {
        events.add(event);
    }

    @Override
    public void resync() {
        resyncs.incrementAndGet();
    }

    public int resyncs() {
        return resyncs.get();
    }

    public List<TaskEvent> events() {
        return List.copyOf(events);
    }

    /** Waits for the first event of that type matching {@code p}. */
    public <T extends TaskEvent> T await(Class<T> type, Predicate<T> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (TaskEvent e : events) {
                if (type.isInstance(e) && p.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " event within " + timeout + "; got " + events);
    }

    /** Waits until resync has been called at least {@code n} times. */
    public void awaitResyncs(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (resyncs.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("resync called " + resyncs.get() + " times, not " + n + ", within " + timeout);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
