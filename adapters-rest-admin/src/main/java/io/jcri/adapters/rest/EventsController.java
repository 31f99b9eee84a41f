package io.jcri.adapters.rest;

import io.jcri.ports.in.RuntimeEvents;
import java.util.Locale;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * {@code /api/v1/events}: pod, container and image events as Server-Sent Events, as they happen.
 * Each event's SSE name is its type ({@code CONTAINER_STARTED} ...), its data the event as JSON.
 * {@code subject} (POD, CONTAINER, IMAGE) narrows the stream. Subscribers are bounded and each
 * stream ends after a while ({@link AdminLimits}); see {@link EventFanOut}.
 */
@RestController
class EventsController implements DisposableBean {
    private final EventFanOut fanOut;

    @Autowired
    EventsController(RuntimeEvents events, ObjectProvider<AdminLimits> limits) {
        this(new EventFanOut(events, limits.getIfAvailable(() -> AdminLimits.DEFAULTS)));
    }

    EventsController(EventFanOut fanOut) {
        this.fanOut = fanOut;
    }

    @GetMapping(value = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> stream(@RequestParam(required = false, defaultValue = "") String subject) {
        return fanOut.open(subject.toUpperCase(Locale.ROOT));
    }

    @Override
    public void destroy() {
        fanOut.close();
    }
}
