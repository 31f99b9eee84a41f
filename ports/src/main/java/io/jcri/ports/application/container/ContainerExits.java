package io.jcri.ports.application.container;

import io.jcri.domain.container.Container;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.task.ProcessExit;
import io.jcri.domain.task.ProcessState;
import io.jcri.domain.task.TaskEvent;
import io.jcri.domain.task.TaskStatus;
import io.jcri.ports.application.events.EventBus;
import io.jcri.ports.application.nri.PluginHooks;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ContainerStatusFiles;
import io.jcri.ports.out.NodeResourcePlugins;
import io.jcri.ports.out.TaskEventListener;
import io.jcri.ports.out.TaskStdio;
import io.jcri.ports.threads.NamedThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies containers' exits: from the engine's task-exit and OOM events, from a per-container
 * wait on the task (the backstop when an event is lost), from StopContainer, and on resync after
 * the event stream broke. Applying an exit flushes and closes the container's log, then records
 * exit code, finish time and reason ({@code Completed}, {@code Error}, {@code OOMKilled}) in the
 * store and in the container's status file, then deletes the exited task. The first exit wins;
 * later ones change nothing.
 */
public final class ContainerExits implements TaskEventListener, AutoCloseable {
    private static final Logger log = Logger.getLogger(ContainerExits.class.getName());
    /** How long an exit waits for the last output to reach the log before closing it. */
    static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);
    /** How long the backstop waiter leaves the events to report an exit before applying it. */
    static final Duration BACKSTOP_GRACE = Duration.ofSeconds(1);
    /** How long one wait on a task lasts before it is asked again. */
    static final Duration WAIT = Duration.ofHours(1);

    private final ContainerRuntime runtime;
    private final ContainerStatusFiles files;
    private final Containers containers;
    private final Clock clock;
    private final StopListener stopped;
    private final Set<String> oomKilled = ConcurrentHashMap.newKeySet();
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    /** Exited containers whose task is deleted: a container never gets a second task. */
    private final Set<String> taskDeleted = ConcurrentHashMap.newKeySet();

    private final ExecutorService workers;
    private volatile boolean closed;

    /** What is told of each container right after its exit is applied (once per exit). */
    @FunctionalInterface
    public interface StopListener {
        StopListener NONE = c -> {};

        void stopped(Container c);

        /** The node resource plugins' StopContainer, for a container whose pod is known. */
        static StopListener plugins(NodeResourcePlugins plugins, Sandboxes sandboxes) {
            PluginHooks hooks = new PluginHooks(plugins);
            return c -> hooks.notify(sandboxes, c, hooks.get()::stopContainer);
        }
    }

    /** Exits whose events go on a bus of their own, told to no one else (tests that read none). */
    public ContainerExits(ContainerRuntime runtime, ContainerStatusFiles files, Containers containers, Clock clock) {
        this(runtime, files, containers, clock, new EventBus(), StopListener.NONE);
    }

    /**
     * @param events the bus exit events are published on
     * @param stopped told of each container right after its exit is applied
     */
    public ContainerExits(
            ContainerRuntime runtime,
            ContainerStatusFiles files,
            Containers containers,
            Clock clock,
            EventBus events,
            StopListener stopped) {
        this.events = events;
        this.stopped = Objects.requireNonNull(stopped, "stopped");
        this.runtime = runtime;
        this.files = files;
        this.containers = containers;
        this.clock = clock;
        this.workers = Executors.newCachedThreadPool(NamedThreads.daemons("jcri-container-exits"));
    }

    @Override
    public void onEvent(TaskEvent event) {
        if (event instanceof TaskEvent.OutOfMemory oom) {
            if (containers.get(oom.containerId()).isPresent()) {
                oomKilled.add(oom.containerId());
            }
        } else if (event instanceof TaskEvent.Exited e && e.isInit()) {
            if (containers.get(e.containerId()).isPresent()) {
                ProcessExit exit = new ProcessExit(e.pid(), e.exitCode(), e.exitedAt());
                submit(() -> apply(e.containerId(), exit));
            }
        }
    }

    @Override
    public void resync() {
        submit(this::reconcile);
    }

    /** Compares running containers with the engine's tasks and applies exits that were missed. */
    public void reconcile() {
        for (Container c : containers.list()) {
            if (!c.running()) {
                continue;
            }
            try {
                Optional<ProcessState> task = runtime.task(c.id());
                if (task.isEmpty()) {
                    apply(c.id(), new ProcessExit(c.pid(), 255, clock.instant()), "the container's task is gone");
                } else if (task.get().status() == TaskStatus.STOPPED) {
                    task.get().exit().ifPresent(exit -> apply(c.id(), exit));
                }
            } catch (JcriException e) {
                log.log(Level.FINE, "cannot reconcile container " + c.id() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Waits on the container's task in the background and applies its exit when it comes: the
     * backstop for lost events. One wait per container, an asynchronous call to the engine that
     * holds no thread while the container runs; its answer is applied on the exit workers.
     */
    public void watch(String containerId) {
        if (closed || !waiting.add(containerId)) {
            return;
        }
        awaitExit(containerId);
    }

    /** One wait on the task, then again (a deadline, a failure) until the container is no longer running. */
    private void awaitExit(String containerId) {
        if (closed || !containers.get(containerId).map(Container::running).orElse(false)) {
            waiting.remove(containerId);
            return;
        }
        CompletableFuture<ProcessExit> exit;
        try {
            exit = runtime.waitTaskAsync(containerId, WAIT);
        } catch (RuntimeException e) {
            exit = CompletableFuture.failedFuture(e);
        }
        exit.whenComplete((x, failure) -> {
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            if (cause == null) {
                // the exit and OOM events usually arrive with the wait's answer: let them be
                // applied first, so an OOM kill is not reported as a plain error
                later(BACKSTOP_GRACE, () -> {
                    int pid = containers.get(containerId).map(Container::pid).orElse(0);
                    apply(containerId, new ProcessExit(pid, x.exitCode(), x.exitedAt()));
                    awaitExit(containerId);
                });
            } else if (cause instanceof JcriException.DeadlineExceeded) {
                submit(() -> awaitExit(containerId)); // still running: wait again
            } else if (cause instanceof JcriException.NotFound) {
                submit(() -> {
                    apply(containerId, new ProcessExit(0, 255, clock.instant()), "the container's task is gone");
                    awaitExit(containerId);
                });
            } else {
                later(Duration.ofSeconds(1), () -> awaitExit(containerId));
            }
        });
    }

    /** Applies an exit (see the class comment); returns the container as it is after. */
    public Optional<Container> apply(String containerId, ProcessExit exit) {
        return apply(containerId, exit, "");
    }

    private Optional<Container> apply(String containerId, ProcessExit exit, String message) {
        Optional<Container> current = containers.get(containerId);
        if (current.isEmpty() || current.get().exited()) {
            return current;
        }
        containers.takeStdio(containerId).ifPresent(ContainerExits::drainAndClose);
        // the event, the backstop wait and StopContainer may apply one exit at once: only the
        // one whose update finds the container still running goes on, so each exit is recorded,
        // published and told to the plugins once
        boolean[] applied = {false};
        Optional<Container> next = containers.update(containerId, c -> {
            if (c.exited()) {
                return c;
            }
            applied[0] = true;
            return c.exit(exit.exitedAt(), exit.exitCode(), oomKilled.remove(containerId), message);
        });
        if (!applied[0]) {
            return next;
        }
        try {
            containers.persist(containerId, files);
        } catch (JcriException e) {
            log.warning("container " + containerId + ": " + e.getMessage());
        }
        next.ifPresent(this::published);
        next.ifPresent(stopped::stopped);
        deleteExitedTask(containerId);
        return next;
    }

    /**
     * The exited task goes now (its exit is recorded), as containerd's CRI does at exit, so
     * RemoveContainer finds nothing left to wait for. Under the container's lock, so it never
     * races RemoveContainer's own delete; a failure leaves the task to RemoveContainer.
     */
    void deleteExitedTask(String containerId) {
        try {
            containers.locks.exclusive(containerId, () -> {
                if (!taskDeleted.contains(containerId)
                        && containers.get(containerId).map(Container::exited).orElse(false)) {
                    runtime.deleteTask(containerId);
                    taskDeleted.add(containerId);
                }
            });
        } catch (JcriException e) {
            log.log(Level.FINE, "container " + containerId + ": task not deleted at exit: " + e.getMessage());
        }
    }

    /**
     * Whether the task of exited container {@code containerId} is known deleted (by this process:
     * after a restart nothing is known and RemoveContainer deletes it again, a no-op if gone).
     */
    boolean taskDeleted(String containerId) {
        return taskDeleted.contains(containerId);
    }

    /** Forgets what is kept about a removed container. */
    public void forget(String containerId) {
        oomKilled.remove(containerId);
        taskDeleted.remove(containerId);
    }

    static void drainAndClose(TaskStdio stdio) {
        try {
            stdio.awaitOutputEnd(OUTPUT_DRAIN);
        } finally {
            stdio.close();
        }
    }

    /** {@code task} on the exit workers after {@code delay}. */
    private void later(Duration delay, Runnable task) {
        if (closed) {
            return;
        }
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> submit(task));
    }

    private void submit(Runnable task) {
        if (closed) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.log(Level.WARNING, "applying a container exit failed: " + e.getMessage(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.fine("exit handling is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- events ----

    private final EventBus events;

    private void published(Container c) {
        if (c.state() instanceof io.jcri.domain.container.ContainerState.Exited x) {
            events.publish(new RuntimeEvent(
                    RuntimeEvent.Type.CONTAINER_STOPPED,
                    c.id(),
                    c.sandboxId(),
                    x.finishedAt(),
                    java.util.Map.of(
                            "name", c.metadata().name(),
                            "exitCode", Integer.toString(x.exitCode()),
                            "reason", x.reason())));
        }
    }
}
