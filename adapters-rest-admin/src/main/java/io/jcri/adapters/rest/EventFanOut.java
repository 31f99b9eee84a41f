package io.jcri.adapters.rest;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.ports.in.RuntimeEvents;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The SSE subscribers of {@code /api/v1/events}, behind one subscription to the node's events (one
 * thread for all of them, not one each): each subscriber has a queue of {@link #QUEUE} events,
 * drained by the admin server's event loop as the client reads (no thread of its own); a
 * subscriber that falls {@link #QUEUE} events behind is ended. At most {@code
 * maxEventSubscribers} at once (then {@link JcriException.Unavailable}, a 503), each for at most
 * {@code eventStreamTimeout}.
 */
final class EventFanOut implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventFanOut.class);
    static final int QUEUE = 256;
    /** The first element of every stream: tells the client the stream is live (and flushes the headers). */
    static final ServerSentEvent<Object> LIVE =
            ServerSentEvent.builder().comment("jcri events").build();

    private final RuntimeEvents events;
    private final AdminLimits limits;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private RuntimeEvents.Subscription upstream;

    EventFanOut(RuntimeEvents events, AdminLimits limits) {
        this.events = events;
        this.limits = limits;
    }

    /**
     * A new stream of the events of {@code subject} (all when empty): it queues events from now on,
     * and ends at the timeout, when the client goes, or when it falls behind.
     */
    Flux<ServerSentEvent<Object>> open(String subject) {
        if (count.incrementAndGet() > limits.maxEventSubscribers()) {
            count.decrementAndGet();
            throw new JcriException.Unavailable("too many event stream subscribers: at most "
                    + limits.maxEventSubscribers() + " at once; try again later");
        }
        Subscriber s = new Subscriber(subject);
        try {
            ensureUpstream();
            subscribers.add(s);
        } catch (RuntimeException e) {
            s.end();
            throw e;
        }
        return Flux.concat(Flux.just(LIVE), s.sink.asFlux())
                .take(limits.eventStreamTimeout())
                .doFinally(signal -> s.end());
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
        subscribers.forEach(Subscriber::complete);
    }

    static ServerSentEvent<Object> sse(RuntimeEvent e) {
        return ServerSentEvent.<Object>builder(Views.event(e))
                .event(e.type().name())
                .id(e.at().toEpochMilli() + "-" + e.id())
                .build();
    }

    private final class Subscriber {
        final String only;
        final Sinks.Many<ServerSentEvent<Object>> sink =
                Sinks.many().unicast().onBackpressureBuffer(new ArrayBlockingQueue<>(QUEUE));
        final AtomicBoolean ended = new AtomicBoolean();

        Subscriber(String only) {
            this.only = only;
        }

        /** From the one upstream thread, or from close(): serialised, as a sink needs. */
        synchronized void offer(RuntimeEvent e) {
            if (ended.get() || (!only.isEmpty() && !e.subject().name().equals(only))) {
                return;
            }
            Sinks.EmitResult r = sink.tryEmitNext(sse(e));
            // a full queue: FAIL_OVERFLOW, or FAIL_ZERO_SUBSCRIBER before the client has subscribed
            if (r == Sinks.EmitResult.FAIL_OVERFLOW || r == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
                log.info("event stream subscriber fell {} events behind; ending its stream", QUEUE);
                complete();
            } else if (r.isFailure()) {
                end();
            }
        }

        synchronized void complete() {
            sink.tryEmitComplete();
            end();
        }

        void end() {
            if (ended.compareAndSet(false, true)) {
                subscribers.remove(this);
                count.decrementAndGet();
            }
        }
    }
}
