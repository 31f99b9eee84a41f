package io.jcri.ports.application.container;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.Signals;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.task.ProcessExit;
import io.jcri.ports.application.common.SideBySide;
import io.jcri.ports.application.common.TaskReaper;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ContainerStatusFiles;
import io.jcri.ports.out.TaskStdio;
import io.jcri.ports.threads.NamedThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/** StopContainer (stop signal, grace period, then SIGKILL) and RemoveContainer (everything the container had). */
final class ContainerStop {
    private static final Logger log = Logger.getLogger(ContainerStop.class.getName());
    /** Removes a container's snapshot beside its record (daemon threads, made as needed). */
    private static final ExecutorService REMOVALS =
            Executors.newCachedThreadPool(NamedThreads.daemons("jcri-container-removal"));

    private final ContainerContext ctx;
    private final ContainerRuntime runtime;
    private final ContainerIo io;
    private final ContainerStatusFiles files;
    private final ImageVolumes imageVolumes;
    private final Containers containers;
    private final ContainerExits exits;
    private final Clock clock;
    private final ContainerService.Settings settings;

    private final ContainerQueries queries;

    ContainerStop(ContainerContext ctx, ContainerQueries queries) {
        this.queries = queries;
        this.ctx = ctx;
        this.runtime = ctx.runtime();
        this.io = ctx.io();
        this.files = ctx.files();
        this.imageVolumes = ctx.imageVolumes();
        this.containers = ctx.containers();
        this.exits = ctx.exits();
        this.clock = ctx.clock();
        this.settings = ctx.settings();
    }

    /** Stops the container, after any start, stop or remove of it in progress has finished. */
    void stop(String containerId, Duration timeout) {
        Optional<Container> found = queries.find(containerId);
        if (found.isEmpty()) {
            return;
        }
        String id = found.get().id();
        containers.locks.exclusive(id, () -> containers.get(id).ifPresent(now -> stopLocked(now, timeout)));
    }

    /** A stop timeout past any clock (the kubelet's int64 seconds) waits a year, not an overflow. */
    static final Duration STOP_TIMEOUT_MAX = Duration.ofDays(365);

    private void stopLocked(Container c, Duration requested) {
        Duration timeout = requested.compareTo(STOP_TIMEOUT_MAX) > 0 ? STOP_TIMEOUT_MAX : requested;
        if (!c.running()) {
            // an exit applied meanwhile (by its event): its task delete is done before Stop returns
            exits.deleteExitedTask(c.id());
            return;
        }
        String id = c.id();
        ProcessExit exit = null;
        if (timeout.compareTo(Duration.ZERO) > 0 && c.metadata().stopSignal() != Signals.SIGKILL) {
            if (!runtime.killTask(id, c.metadata().stopSignal(), false)) {
                exit = exitOfStopped(id);
            } else {
                try {
                    exit = runtime.waitTask(id, timeout);
                } catch (JcriException.DeadlineExceeded e) {
                    log.fine(() -> "container " + id + " outlived its stop timeout " + timeout + "; killing it");
                } catch (JcriException.Internal e) {
                    log.fine(() -> "waiting for container " + id + " failed (" + e.getMessage() + "); killing it");
                }
            }
        }
        if (exit == null) {
            exit = kill(id);
        }
        if (exit != null) {
            exits.apply(id, exit);
        }
        // whoever applied the exit (this call, or its event first), the exited task is gone
        // when StopContainer returns, so RemoveContainer has nothing of it to wait for
        exits.deleteExitedTask(id);
    }

    /** SIGKILLs every process of the task and waits for it; null when the task is gone. */
    private ProcessExit kill(String id) {
        runtime.killTask(id, Signals.SIGKILL, true);
        try {
            return runtime.waitTask(id, ContainerService.KILL_WAIT);
        } catch (JcriException.NotFound e) {
            return new ProcessExit(0, 137, clock.instant());
        }
    }

    private ProcessExit exitOfStopped(String id) {
        try {
            return runtime.waitTask(id, ContainerService.KILL_WAIT);
        } catch (JcriException.NotFound e) {
            return new ProcessExit(0, 255, clock.instant());
        }
    }

    // ---- RemoveContainer ----

    /** Removes the container, after any start or stop of it in progress has finished. */
    void remove(String containerId) {
        Optional<Container> found = queries.find(containerId);
        if (found.isEmpty()) {
            return;
        }
        String id = found.get().id();
        containers.locks.exclusive(id, () -> containers.get(id).ifPresent(this::removeLocked));
    }

    private void removeLocked(Container c) {
        String id = c.id();
        containers.begin(id, "remove");
        try {
            if (c.running()) {
                ProcessExit exit = kill(id);
                exits.apply(id, exit);
            }
            if (!exits.taskDeleted(id)) {
                // StopContainer (or the exit) has mostly deleted it already: no round trip then
                deleteTask(id);
            }
            containers.takeStdio(id).ifPresent(TaskStdio::close);
            deleteRecordAndSnapshot(c);
            imageVolumes.remove(c);
            io.removeFifos(settings.fifoDir(), id);
            files.delete(id);
            exits.forget(id);
            ctx.specs().forget(id);
            containers.names().release(c.metadata().reservedName(), id);
            containers.remove(id);
            containers.locks.forget(id);
            ctx.plugins().notify(ctx.sandboxes(), c, ctx.plugins().get()::removeContainer);
            publish(
                    RuntimeEvent.Type.CONTAINER_DELETED,
                    id,
                    c.sandboxId(),
                    Map.of("name", c.metadata().name()));
        } finally {
            containers.end(id);
        }
    }

    /**
     * The engine's record and the root filesystem's snapshot, side by side: the engine lets a
     * snapshot go while a record names it (containerd's own RemoveContainer removes the snapshot
     * first), and a removal cut short between the two is finished by the retry (each is gone-is-fine).
     */
    private void deleteRecordAndSnapshot(Container c) {
        String id = c.id();
        SideBySide.run(
                "removing container " + id,
                REMOVALS,
                () -> runtime.deleteContainer(id),
                List.of(() -> runtime.removeSnapshot(c.metadata().snapshotter(), id)));
    }

    private void deleteTask(String id) {
        try {
            TaskReaper.delete(runtime, id);
        } catch (JcriException.FailedPrecondition e) {
            runtime.killTask(id, Signals.SIGKILL, true);
            runtime.waitTask(id, ContainerService.KILL_WAIT);
            runtime.deleteTask(id);
        }
    }

    private void publish(RuntimeEvent.Type type, String id, String sandboxId, Map<String, String> details) {
        ctx.publish(type, id, sandboxId, details);
    }
}
