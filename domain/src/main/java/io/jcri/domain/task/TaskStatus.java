package io.jcri.domain.task;

/** The status the engine reports for a task or exec process. */
public enum TaskStatus {
    CREATED,
    RUNNING,
    STOPPED,
    PAUSED,
    PAUSING,
    UNKNOWN
}
