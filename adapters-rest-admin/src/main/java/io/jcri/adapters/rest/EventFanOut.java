package io.jcri.adapters.rest;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.ports.in.RuntimeEvents;
import io.jcri.ports.threads.NamedThreads;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The SSE subscribers of {@code /api/v1/events}, behind one subscription to the node's events (one
 * thread for all of them, not one each): each subscriber has a small queue, drained by a pool of
 * {@link #SENDERS} threads; a subscriber that falls {@link #QUEUE} events behind is ended. At most
 * {@code maxEventSubscribers} at once (then {@link JcriException.Unavailable}, a 503), each for at
 * most {@code eventStreamTimeout}.
 */
final class EventFanOut implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventFanOut.class);
    static final int QUEUE = 256;
    static final int SENDERS = 2;

    private final RuntimeEvents events;
    private final AdminLimits limits;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService senders;
    private RuntimeEvents.Subscription upstream;

    EventFanOut(RuntimeEvents events, AdminLimits limits) {
        this.events = events;
        this.limits = limits;
        this.senders = new ThreadPoolExecutor(
                SENDERS, SENDERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), NamedThreads.daemons("jcri-sse"));
        ((ThreadPoolExecutor) senders).allowCoreThreadTimeOut(true);
    }

    /** A new stream of the events of {@code subject} (all when empty). */
    SseEmitter open(String subject) throws IOException {
        if (count.incrementAndGet() > limits.maxEventSubscribers()) {
            count.decrementAndGet();
            throw new JcriException.Unavailable("too many event stream subscribers: at most "
                    + limits.maxEventSubscribers() + " at once; try again later");
        }
        SseEmitter emitter = new SseEmitter(limits.eventStreamTimeout().toMillis());
        Subscriber s = new Subscriber(emitter, subject);
        emitter.onCompletion(s::end);
        emitter.onTimeout(s::end);
        emitter.onError(t -> s.end());
        try {
            ensureUpstream();
            subscribers.add(s);
            // tells the client the stream is live (and flushes the response headers)
            emitter.send(SseEmitter.event().comment("jcri events"));
        } catch (IOException | RuntimeException e) {
            s.end();
            throw e;
        }
        return emitter;
    }

    /** Subscribers now. */
    int subscribers() {
        return count.get();
    }

    private synchronized void ensureUpstream() {
        if (upstream == null) {
            upstream = events.subscribe("sse", this::deliver);
        }
    }

    private void deliver(RuntimeEvent e) {
        for (Subscriber s : subscribers) {
            s.offer(e);
        }
    }

    @Override
    public synchronized void close() {
        if (upstream != null) {
            upstream.close();
        }
        subscribers.forEach(s -> s.emitter.complete());
        senders.shutdownNow();
    }

    private final class Subscriber {
        final SseEmitter emitter;
        final String only;
        final BlockingQueue<RuntimeEvent> queue = new ArrayBlockingQueue<>(QUEUE);
        final AtomicBoolean scheduled = new AtomicBoolean();
        final AtomicBoolean ended = new AtomicBoolean();

        Subscriber(SseEmitter emitter, String only) {
            this.emitter = emitter;
            this.only = only;
        }

        void offer(RuntimeEvent e) {
            if (!only.isEmpty() && !e.subject().name().equals(only)) {
                return;
            }
            if (!queue.offer(e)) {
                log.info("event stream subscriber fell {} events behind; ending its stream", QUEUE);
                emitter.complete();
                end();
                return;
            }
            if (scheduled.compareAndSet(false, true)) {
                senders.execute(this::drain);
            }
        }

        private void drain() {
            try {
                for (RuntimeEvent e; !ended.get() && (e = queue.poll()) != null; ) {
                    emitter.send(SseEmitter.event()
                            .name(e.type().name())
                            .id(e.at().toEpochMilli() + "-" + e.id())
                            .data(Views.event(e), MediaType.APPLICATION_JSON));
                }
            } catch (IOException | IllegalStateException gone) {
                emitter.completeWithError(gone);
                end();
            } finally {
                scheduled.set(false);
            }
            if (!queue.isEmpty() && !ended.get() && scheduled.compareAndSet(false, true)) {
                senders.execute(this::drain);
            }
        }

        void end() {
            if (ended.compareAndSet(false, true)) {
                subscribers.remove(this);
                queue.clear();
                count.decrementAndGet();
            }
        }
    }
}
