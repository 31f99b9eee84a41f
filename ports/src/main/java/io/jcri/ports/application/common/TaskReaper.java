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
        return delete(runtime, id);
    }

    /** How often a delete that failed while the task may have gone is tried again. */
    static final int DELETE_ATTEMPTS = 3;

    static final Duration DELETE_RETRY_PAUSE = Duration.ofMillis(200);

    /**
     * Deletes a task; one found gone once the delete failed counts as deleted. Two removals of one
     * task (the exit handler's and a Stop's or Remove's) race so: the shim exits when the first
     * ends its last task and cuts the other's call ("ttrpc: closed", containerd's "unknown").
     */
    public static Optional<ProcessExit> delete(ContainerRuntime runtime, String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return runtime.deleteTask(id);
            } catch (JcriException.Internal e) {
                if (gone(runtime, id)) {
                    return Optional.empty();
                }
                if (attempt >= DELETE_ATTEMPTS) {
                    throw e;
                }
                pause();
            }
        }
    }

    private static boolean gone(ContainerRuntime runtime, String id) {
        try {
            return runtime.task(id).isEmpty();
        } catch (JcriException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(DELETE_RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JcriException.Unavailable("interrupted while deleting a task");
        }
    }
}
