package io.jcri.ports.application.common;

import io.jcri.domain.container.Signals;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.ProcessExit;
import io.jcri.ports.out.ContainerRuntime;
import java.time.Duration;
import java.util.Optional;

/** Small task routines the lifecycle services share. */
public final class Tasks {

    private Tasks() {}

    /** Kills a task's processes, waits for its exit and deletes it; fine when there is no task. */
    public static Optional<ProcessExit> kill(ContainerRuntime runtime, String id) {
        if (runtime.task(id).isEmpty()) {
            return Optional.empty();
        }
        runtime.killTask(id, Signals.SIGKILL, true);
        try {
            runtime.waitTask(id, Duration.ofSeconds(10));
        } catch (JcriException.DeadlineExceeded | JcriException.NotFound e) {
            // deleteTask below says how it ended, or fails saying it still runs
        }
        return runtime.deleteTask(id);
    }
}
