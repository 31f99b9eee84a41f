package io.jcri.ports.application.common;

import io.jcri.domain.container.Signals;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.ProcessExit;
import io.jcri.ports.out.ContainerRuntime;
import java.time.Duration;
import java.util.Optional;

/**
 * Ends a task for good, as the lifecycle services do when undoing or tearing down: SIGKILL to
 * all its processes, a bounded wait for the exit, then the delete. (Not containerd's Tasks
 * service: that is {@code adapters-containerd}'s {@code client.Tasks}.)
 */
public final class TaskReaper {

    private TaskReaper() {}

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
