package io.jcri.ports.out;

/** A listener's registration; closing it stops deliveries to that listener. */
public interface EventSubscription extends AutoCloseable {
    /** Whether the event stream is connected now. */
    boolean connected();

    @Override
    void close();

    /** A subscription to nothing: never connected. */
    static EventSubscription none() {
        return new EventSubscription() {
            @Override
            public boolean connected() {
                return false;
            }

            @Override
            public void close() {}
        };
    }
}
