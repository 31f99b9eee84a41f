package io.jcri.domain.task;

/**
 * The stdio of a task or exec process: paths of FIFOs on the node (empty: not connected) and
 * whether the process gets a terminal (then stdout carries both streams and stderr is empty).
 */
public record TaskIo(String stdin, String stdout, String stderr, boolean terminal) {
    public TaskIo {
        stdin = stdin == null ? "" : stdin;
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }

    /** No stdio at all (output goes nowhere). */
    public static TaskIo none() {
        return new TaskIo("", "", "", false);
    }
}
