package io.jcri.ports.out;

/** Hears of changes to image records, whoever made them (jcri, or another client of the engine). */
public interface ImageRecordListener {
    /** The record {@code name} was created, updated or deleted. On the subscriber's thread; must not block. */
    void changed(String name);

    /**
     * The event stream was established (at first, or again after a break): changes in between
     * are lost, so read the records again. On the subscriber's thread; must not block.
     */
    void resync();
}
