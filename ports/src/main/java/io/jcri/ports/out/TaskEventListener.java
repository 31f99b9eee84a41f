package io.jcri.ports.out;

import io.jcri.domain.task.TaskEvent;

/** Receives task events from {@link ContainerRuntime#subscribe}. */
public interface TaskEventListener {

    /** One event, on the subscriber's thread; must not block. */
    void onEvent(TaskEvent event);

    /**
     * The event stream was established (at first, or again after a break): events in between
     * are lost, so compare what you know with the engine's tasks now. Called on the subscriber's thread,
     * before any event of the new stream is delivered.
     */
    default void resync() {}
}
