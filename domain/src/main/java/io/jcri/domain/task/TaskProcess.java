package io.jcri.domain.task;

/** One process inside a task; {@code execId} names the exec process it is, or is empty. */
public record TaskProcess(int pid, String execId) {
    public TaskProcess {
        execId = execId == null ? "" : execId;
    }
}
