package io.jcri.ports.out;

import io.jcri.domain.task.StdStream;

/** An attach client of a task's output. Called on the reader threads; must not block long. */
public interface OutputListener {

    /** Bytes {@code data[offset, offset+length)} the process wrote to {@code stream}. */
    void onOutput(StdStream stream, byte[] data, int offset, int length);

    /** The process's output has ended, or the stdio was closed. */
    default void onEnd() {}
}
