package io.jcri.ports.application.events;

import io.jcri.domain.event.RuntimeEvent;
import io.jcri.ports.in.RuntimeEvents;
import io.jcri.ports.threads.NamedThreads;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * jcri's internal event bus: the services publish what happens to pods, containers and images;
 * GetContainerEvents, the admin API's event stream, pod timelines and metrics consume it.
 * Publishing never blocks: inline listeners run on the publisher's thread and must be quick;
 * others get a bounded queue and a daemon thread each, and lose their oldest events when they fall
 * behind by more than {@link #QUEUE_BOUND}.
 */
public final class EventBus {
    private static final Logger log = Logger.getLogger(EventBus.class.getName());
    static final int QUEUE_BOUND = 1024;

    private final CopyOnWriteArrayList<Consumer<RuntimeEvent>> inline = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Queued> queued = new CopyOnWriteArrayList<>();

    public void publish(RuntimeEvent event) {
        for (Consumer<RuntimeEvent> l : inline) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                log.log(Level.WARNING, "event listener failed on " + event.type() + " " + event.id(), e);
            }
        }
        for (Queued q : queued) {
            q.offer(event);
        }
    }

    /** A quick listener called on the publisher's thread. */
    public RuntimeEvents.Subscription subscribeInline(Consumer<RuntimeEvent> listener) {
        inline.add(listener);
        return () -> inline.remove(listener);
    }

    /** A listener with its own queue and thread (see the class comment). */
    public RuntimeEvents.Subscription subscribe(String name, Consumer<RuntimeEvent> listener) {
        Queued q = new Queued(name, listener);
        queued.add(q);
        q.thread.start();
        return () -> {
            queued.remove(q);
            q.thread.interrupt();
        };
    }

    /** How many subscribers with queues there are now. */
    public int subscribers() {
        return queued.size();
    }

    private static final class Queued {
        private final BlockingQueue<RuntimeEvent> queue = new ArrayBlockingQueue<>(QUEUE_BOUND);
        private final AtomicLong dropped = new AtomicLong();
        private final Thread thread;

        Queued(String name, Consumer<RuntimeEvent> listener) {
            thread = NamedThreads.daemon("jcri-events-" + name, () -> drain(listener));
        }

        void offer(RuntimeEvent event) {
            while (!queue.offer(event)) {
                if (queue.poll() != null) {
                    dropped.incrementAndGet();
                }
            }
        }

        private void drain(Consumer<RuntimeEvent> listener) {
            while (!Thread.currentThread().isInterrupted()) {
                RuntimeEvent next;
                try {
                    next = queue.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (next == null) {
                    continue;
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    log.warning(thread.getName() + " fell behind and lost " + lost + " events");
                }
                try {
                    listener.accept(next);
                } catch (RuntimeException e) {
                    log.log(Level.FINE, thread.getName() + " failed on " + next.type() + " " + next.id(), e);
                }
            }
        }
    }
}
