package io.jcri.ports.application.container;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.ports.application.common.TaskReaper;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ContainerStatusFiles;
import io.jcri.ports.out.TaskStdio;
import io.jcri.ports.threads.NamedThreads;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** StartContainer: stdio, the task and its start; a failed start is recorded as an exit and its task killed. */
final class ContainerStart {
    /** Reads of the engine beside the rest of a start (daemon threads, made as needed). */
    private static final ExecutorService LOOKUPS =
            Executors.newCachedThreadPool(NamedThreads.daemons("jcri-start-lookups"));

    private final ContainerContext ctx;
    private final ContainerRuntime runtime;
    private final ContainerIo io;
    private final ContainerStatusFiles files;
    private final Containers containers;
    private final ContainerExits exits;
    private final Clock clock;
    private final ContainerService.Settings settings;

    ContainerStart(ContainerContext ctx) {
        this.ctx = ctx;
        this.runtime = ctx.runtime();
        this.io = ctx.io();
        this.files = ctx.files();
        this.containers = ctx.containers();
        this.exits = ctx.exits();
        this.clock = ctx.clock();
        this.settings = ctx.settings();
    }

    void start(String containerId) {
        Container c = containers.resolve(containerId);
        if (ctx.sandboxes().get(c.sandboxId()).isEmpty()) {
            startLocked(c); // fails: no pod, and no lock made for an unknown id
            return;
        }
        // the pod's lock, shared: its stop or removal (exclusive) waits for this start, then stops
        // the container, instead of pulling the pod's namespaces away while runc joins them
        ctx.sandboxes().locks.shared(c.sandboxId(), () -> {
            startLocked(c);
            return null;
        });
    }

    private void startLocked(Container c) {
        String id = c.id();
        containers.locks.exclusive(id, () -> {
            containers.begin(id, "start");
            try {
                Container now = containers
                        .get(id)
                        .orElseThrow(
                                () -> new JcriException.NotFound("container " + id + " was removed; cannot start it"));
                if (!(now.state() instanceof ContainerState.Created)) {
                    throw new JcriException.FailedPrecondition("container " + id + " is "
                            + now.state().phase().label() + "; only a container in CONTAINER_CREATED can be started");
                }
                requireReadySandbox(now);
                try {
                    startTask(now);
                } catch (JcriException.Internal e) {
                    // the pod was stopped while its container started (runc then finds no namespace to join)
                    if (!sandboxReady(now)) {
                        throw JcriException.of(
                                JcriException.Kind.FAILED_PRECONDITION,
                                "container " + id + " did not start: its pod sandbox " + now.sandboxId()
                                        + " stopped meanwhile (" + e.getMessage() + ")",
                                e);
                    }
                    throw e;
                }
            } finally {
                containers.end(id);
            }
        });
    }

    /** A container starts only in a READY pod: it joins the pod's namespaces, which a stopped pod has no more. */
    private void requireReadySandbox(Container c) {
        if (!sandboxReady(c)) {
            throw new JcriException.FailedPrecondition("container " + c.id() + " cannot start: its pod sandbox "
                    + c.sandboxId() + " is not ready (stopped or removed)");
        }
    }

    private boolean sandboxReady(Container c) {
        return ctx.sandboxes().get(c.sandboxId()).map(s -> s.ready()).orElse(false);
    }

    private void startTask(Container c) {
        String id = c.id();
        ContainerMetadata m = c.metadata();
        TaskStdio stdio = null;
        try {
            // the two reads of the engine go beside the making of the stdio FIFOs
            CompletableFuture<List<io.jcri.domain.task.Mount>> mounts =
                    CompletableFuture.supplyAsync(() -> runtime.snapshotMounts(m.snapshotter(), id), LOOKUPS);
            CompletableFuture<Boolean> resourcesPending =
                    CompletableFuture.supplyAsync(() -> resourcesPending(id), LOOKUPS);
            stdio = io.open(ContainerStdioRequests.of(
                    m, settings.fifoDir(), ctx.sandboxes().get(m.sandboxId())));
            containers.putStdio(id, stdio);
            runtime.createTask(id, join(mounts), stdio.paths());
            if (join(resourcesPending)) {
                applyPendingResources(c);
                runtime.updateContainerLabels(id, Map.of(ContainerLabels.RESOURCES_PENDING, ""));
            }
            ctx.plugins().notify(ctx.sandboxes(), c, ctx.plugins().get()::startContainer);
            Instant startedAt = clock.instant();
            int pid = runtime.startTask(id);
            Container next = containers
                    .update(id, x -> x.exited() ? fillStart(x, startedAt) : x.start(pid, startedAt))
                    .orElseThrow();
            containers.persist(id, files);
            if (next.running()) {
                exits.watch(id);
                publish(
                        RuntimeEvent.Type.CONTAINER_STARTED,
                        id,
                        c.sandboxId(),
                        Map.of("name", m.name(), "pid", Integer.toString(pid)));
                ctx.plugins().notify(ctx.sandboxes(), next, ctx.plugins().get()::postStartContainer);
            }
        } catch (RuntimeException e) {
            failStart(id, stdio, e);
            throw e;
        }
    }

    /** The lookup's answer, or its failure as it was thrown. */
    private static <T> T join(CompletableFuture<T> lookup) {
        try {
            return lookup.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new JcriException.Internal("StartContainer: a lookup failed: " + e.getCause(), e.getCause());
        }
    }

    /** What UpdateContainerResources set before the task existed; a value the kernel refuses is the caller's. */
    private void applyPendingResources(Container c) {
        try {
            runtime.updateTaskResources(c.id(), ctx.ociResources(c, c.resources()));
        } catch (JcriException.Internal e) {
            if (!CgroupRefusal.is(e)) {
                throw e;
            }
            throw new JcriException.FailedPrecondition("container " + c.id() + " cannot start with the resources"
                    + " UpdateContainerResources set: the kernel refused them (" + e.getMessage() + ")");
        }
    }

    /** Whether UpdateContainerResources changed the resources before the task existed. */
    private boolean resourcesPending(String id) {
        return runtime.container(id)
                .map(r -> !r.label(ContainerLabels.RESOURCES_PENDING).isEmpty())
                .orElse(false);
    }

    private static Container fillStart(Container c, Instant startedAt) {
        if (c.state() instanceof ContainerState.Exited e && e.startedAt() == null) {
            return c.withState(
                    new ContainerState.Exited(startedAt, e.finishedAt(), e.exitCode(), e.reason(), e.message()));
        }
        return c;
    }

    private void failStart(String id, TaskStdio stdio, RuntimeException cause) {
        // exited first, so the exit event of the task killed below changes nothing
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        containers.update(id, x -> x.startFailed(clock.instant(), message));
        try {
            containers.persist(id, files);
        } catch (JcriException e) {
            cause.addSuppressed(e);
        }
        try {
            TaskReaper.kill(runtime, id);
        } catch (JcriException e) {
            cause.addSuppressed(e);
        }
        containers.takeStdio(id).ifPresent(TaskStdio::close);
        if (stdio != null) {
            stdio.close();
        }
    }

    private void publish(RuntimeEvent.Type type, String id, String sandboxId, Map<String, String> details) {
        ctx.publish(type, id, sandboxId, details);
    }
}
