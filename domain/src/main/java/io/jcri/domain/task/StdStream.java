package io.jcri.domain.task;

/** Which output stream of a process bytes came from. A terminal's output is {@link #STDOUT}. */
public enum StdStream {
    STDOUT,
    STDERR;

    /** The name the CRI log format uses. */
    public String logName() {
        return this == STDOUT ? "stdout" : "stderr";
    }
}
