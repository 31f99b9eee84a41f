package io.jcri.adapters.rest;

import io.jcri.ports.in.RuntimeEvents;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code /api/v1/events}: pod, container and image events as Server-Sent Events, as they happen.
 * Each event's SSE name is its type ({@code CONTAINER_STARTED} ...), its data the event as JSON.
 * {@code subject} (POD, CONTAINER, IMAGE) narrows the stream.
 */
@RestController
class EventsController {
    private final RuntimeEvents events;

    EventsController(RuntimeEvents events) {
        this.events = events;
    }

    @GetMapping(value = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@RequestParam(required = false, defaultValue = "") String subject) throws IOException {
        String only = subject.toUpperCase(Locale.ROOT);
        SseEmitter emitter = new SseEmitter(0L);
        AtomicReference<RuntimeEvents.Subscription> subscription = new AtomicReference<>();
        subscription.set(events.subscribe("sse", e -> {
            if (!only.isEmpty() && !e.subject().name().equals(only)) {
                return;
            }
            try {
                emitter.send(SseEmitter.event()
                        .name(e.type().name())
                        .id(e.at().toEpochMilli() + "-" + e.id())
                        .data(Views.event(e), MediaType.APPLICATION_JSON));
            } catch (IOException | IllegalStateException gone) {
                subscription.get().close();
                emitter.completeWithError(gone);
            }
        }));
        Runnable close = () -> subscription.get().close();
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(t -> close.run());
        // tells the client the stream is live (and flushes the response headers)
        emitter.send(SseEmitter.event().comment("jcri events"));
        return emitter;
    }
}
