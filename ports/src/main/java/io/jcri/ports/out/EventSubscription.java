package io.jcri.ports.out;

/** A listener's registration; closing it stops deliveries to that listener. */
public interface EventSubscription extends AutoCloseable {
    /** Whether the event stream is connected now. */
    boolean connected();

    @Override
    void close();
}
