package io.jcri.ports.out;

import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.oci.OciSpec;
import io.jcri.domain.runtime.EngineInfo;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.domain.task.Lease;
import io.jcri.domain.task.LeaseResource;
import io.jcri.domain.task.Mount;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.ProcessExit;
import io.jcri.domain.task.ProcessState;
import io.jcri.domain.task.SnapshotInfo;
import io.jcri.domain.task.TaskIo;
import io.jcri.domain.task.TaskMetrics;
import io.jcri.domain.task.TaskProcess;
import io.jcri.ports.threads.NamedThreads;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The container engine that runs jcri's containers (containerd), in jcri's namespace.
 *
 * <p>Four kinds of things live there: <b>container records</b> (metadata: spec, runtime, rootfs
 * snapshot, labels, extensions), <b>snapshots</b> (root filesystems), <b>leases</b> (keeping
 * snapshots from the garbage collector while they are not yet referenced by a container) and
 * <b>tasks</b> (a container's running init process, plus exec processes in it). Events about
 * tasks come through {@link #subscribe}.
 *
 * <p>A container is made in this order: create a lease, and on the {@link #withLease leased view}
 * prepare the rootfs snapshot and create the container record; then delete the lease (the record
 * now keeps the snapshot). The task is then created on the rootfs mounts and started. Removing
 * goes the other way: delete the task, the record, the snapshot.
 *
 * <p>Errors: every method throws {@link io.jcri.domain.error.JcriException.Unavailable} when the
 * engine does not answer, {@code NotFound} when a named object is missing (unless said
 * otherwise), {@code InvalidArgument} for a request the engine rejects, {@code
 * FailedPrecondition} when the object's state forbids the call. Removals are idempotent: removing
 * what is gone returns {@code false} rather than failing.
 */
public interface ContainerRuntime {

    /**
     * The engine's version, asked now.
     *
     * @throws io.jcri.domain.error.JcriException.Unavailable naming the engine's address and why,
     *     when it does not answer
     */
    EngineInfo engineInfo();

    /**
     * A view of this runtime whose calls are made under the lease {@code leaseId}: snapshots
     * prepared and containers created through it are held by the lease until it is deleted or
     * expires. The view shares everything else (including the event subscriber) with this one.
     */
    ContainerRuntime withLease(String leaseId);

    // ---- container records ----

    /**
     * Creates a container record.
     *
     * @throws io.jcri.domain.error.JcriException.AlreadyExists when the id is taken
     * @throws io.jcri.domain.error.JcriException.InvalidArgument for a bad id, label or spec
     */
    ContainerRecord createContainer(NewContainerRecord container);

    /** The record with that id, if any. */
    Optional<ContainerRecord> container(String id);

    /**
     * The records whose labels include every entry of {@code labelSelector} (all records when
     * it is empty).
     */
    List<ContainerRecord> listContainers(Map<String, String> labelSelector);

    /**
     * Sets the given labels on a record, leaving its other labels alone; a label set to the
     * empty string is removed. Returns the record as it is now.
     *
     * @throws io.jcri.domain.error.JcriException.NotFound when there is no such record
     */
    ContainerRecord updateContainerLabels(String id, Map<String, String> labels);

    /**
     * Replaces one extension document of a record, leaving the rest of it alone. Returns the
     * record as it is now.
     *
     * @throws io.jcri.domain.error.JcriException.NotFound when there is no such record
     */
    ContainerRecord updateContainerExtension(String id, String name, String json);

    /**
     * Deletes a record (its task must have been deleted first). Returns false when it was gone
     * already.
     */
    boolean deleteContainer(String id);

    // ---- snapshots ----

    /**
     * Prepares an active (writable) snapshot {@code key} on top of the committed snapshot
     * {@code parent} (an image's chain ID; empty for an empty rootfs) and returns the mounts
     * that make it the rootfs. Call it on a {@link #withLease leased view} unless a container
     * refers to the snapshot right away, or the engine's garbage collector may remove it.
     *
     * @throws io.jcri.domain.error.JcriException.AlreadyExists when {@code key} exists
     * @throws io.jcri.domain.error.JcriException.NotFound when the parent does not exist
     */
    List<Mount> prepareSnapshot(String snapshotter, String key, String parent, Map<String, String> labels);

    /**
     * Prepares a read-only view snapshot {@code key} of the committed snapshot {@code parent}
     * (an image's chain ID) and returns the mounts that show it. Like {@link #prepareSnapshot},
     * call it on a {@link #withLease leased view}; a container record keeps it afterwards when it
     * names it in {@link io.jcri.domain.task.NewContainerRecord#heldSnapshots()}.
     *
     * @throws io.jcri.domain.error.JcriException.AlreadyExists when {@code key} exists
     * @throws io.jcri.domain.error.JcriException.NotFound when the parent does not exist
     */
    List<Mount> viewSnapshot(String snapshotter, String key, String parent, Map<String, String> labels);

    /** The mounts of an existing active or view snapshot. */
    List<Mount> snapshotMounts(String snapshotter, String key);

    /** Commits active snapshot {@code key} as committed snapshot {@code name} (key is gone after). */
    void commitSnapshot(String snapshotter, String name, String key, Map<String, String> labels);

    /** The snapshot with that key or name, if any. */
    Optional<SnapshotInfo> snapshot(String snapshotter, String key);

    /**
     * Removes a snapshot. Returns false when it was gone already.
     *
     * @throws io.jcri.domain.error.JcriException.FailedPrecondition when other snapshots stand on
     *     it
     */
    boolean removeSnapshot(String snapshotter, String key);

    // ---- leases ----

    /**
     * Creates a lease; with a non-null {@code expiry} the engine removes it by itself after that
     * long, so a crashed jcri leaks nothing for good.
     *
     * @throws io.jcri.domain.error.JcriException.AlreadyExists when the id is taken
     */
    Lease createLease(String id, Duration expiry, Map<String, String> labels);

    /** Adds a resource to a lease, so it is held as long as the lease. */
    void addLeaseResource(String leaseId, LeaseResource resource);

    /** The leases whose labels include every entry of {@code labelSelector}. */
    List<Lease> listLeases(Map<String, String> labelSelector);

    /**
     * Deletes a lease (what it held becomes collectable unless something else refers to it).
     * Returns false when it was gone already.
     */
    boolean deleteLease(String id);

    /**
     * Deletes a lease that expires by itself and whose holds are taken over (a record now names
     * its snapshot), possibly after this returns: off the caller's path, its failure only logged
     * (the expiry then ends it). Deletes it at once unless the engine does better.
     */
    default void releaseLease(String id) {
        deleteLease(id);
    }

    // ---- tasks (a container's init process) ----

    /**
     * Creates the task of a container: the shim starts and runc creates the container process,
     * stopped before the user's command. {@code rootfs} are the mounts of its snapshot, or empty
     * when the spec's root.path names a directory. {@code io} names the FIFOs the shim connects
     * the process's stdio to (they must exist, and the node side must open them; see {@link
     * ContainerIo}). Returns the pid.
     *
     * @throws io.jcri.domain.error.JcriException.NotFound when there is no container record
     * @throws io.jcri.domain.error.JcriException.AlreadyExists when it has a task already
     */
    int createTask(String containerId, List<Mount> rootfs, TaskIo io);

    /** Starts a created task's process; returns its pid. */
    int startTask(String containerId);

    /**
     * Sends {@code signal} to the task's init process, or with {@code all} to every process in
     * it. Returns false when there is no task or its process has already exited.
     */
    boolean killTask(String containerId, int signal, boolean all);

    /**
     * Deletes a stopped (or never started) task, and with it its shim, and returns how its
     * process ended. Returns empty when there is no task.
     *
     * @throws io.jcri.domain.error.JcriException.FailedPrecondition when the task still runs
     */
    Optional<ProcessExit> deleteTask(String containerId);

    /** The task's init process now, if there is a task. */
    Optional<ProcessState> task(String containerId);

    /** Every task in the namespace (init processes), for recovery. */
    List<ProcessState> listTasks();

    /**
     * Blocks until the task's process exits (at once when it has) and returns the exit (its pid
     * 0: the engine's answer has none, the exit events carry it). A backstop: exits normally
     * arrive as events.
     *
     * @throws io.jcri.domain.error.JcriException.DeadlineExceeded when it runs longer than
     *     {@code timeout}
     */
    ProcessExit waitTask(String containerId, Duration timeout);

    /**
     * As {@link #waitTask}, without holding a thread while the task runs: the future completes
     * with the exit (its pid 0: the caller knows it), or exceptionally with the same {@link
     * io.jcri.domain.error.JcriException}s. This default waits on a thread of its own; an engine
     * with an asynchronous client overrides it, so that a node's running containers cost no
     * thread each.
     */
    default CompletableFuture<ProcessExit> waitTaskAsync(String containerId, Duration timeout) {
        CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
        NamedThreads.daemon("jcri-task-wait-" + containerId, () -> {
                    try {
                        exit.complete(waitTask(containerId, timeout));
                    } catch (RuntimeException e) {
                        exit.completeExceptionally(e);
                    }
                })
                .start();
        return exit;
    }

    /**
     * Changes a running task's resources to the OCI {@code LinuxResources} given (the adapter
     * writes them with {@link OciSpec.Resources#toJson()}, the spec's writer).
     */
    void updateTaskResources(String containerId, OciSpec.Resources resources);

    /** The processes in a task (pid, and the exec id for exec processes). */
    List<TaskProcess> taskPids(String containerId);

    /**
     * The raw cgroup statistics of the given tasks (every task when {@code containerIds} is
     * empty). Tasks without statistics (gone, not started) are left out.
     */
    List<TaskMetrics> taskMetrics(Collection<String> containerIds);

    // ---- exec processes ----

    /**
     * Adds an exec process to a running task: an OCI {@code Process} (args, env, cwd, user,
     * terminal, capabilities ...), sent as {@link ExecProcess#toJson()}. It is created, not started.
     *
     * @throws io.jcri.domain.error.JcriException.AlreadyExists when the exec id is taken
     * @throws io.jcri.domain.error.JcriException.FailedPrecondition when the task is not running
     */
    void execProcess(String containerId, String execId, ExecProcess process, TaskIo io);

    /** Starts an exec process; returns its pid. */
    int startProcess(String containerId, String execId);

    /**
     * Sends {@code signal} to an exec process. Returns false when it (or the task) is gone or has
     * exited.
     */
    boolean killProcess(String containerId, String execId, int signal);

    /** Resizes the terminal of the init process ({@code execId} empty) or of an exec process. */
    void resizePty(String containerId, String execId, int width, int height);

    /**
     * Makes the shim let go of the stdin FIFO of the init process ({@code execId} empty) or of
     * an exec process. The process reads EOF once the node side's writer ({@link
     * TaskStdio#stdin()}) is closed too: close both.
     */
    void closeStdin(String containerId, String execId);

    /** An exec process now, if it exists. */
    Optional<ProcessState> process(String containerId, String execId);

    /**
     * Blocks until an exec process exits and returns the exit (its pid 0, as {@link #waitTask}).
     *
     * @throws io.jcri.domain.error.JcriException.DeadlineExceeded after {@code timeout}
     */
    ProcessExit waitProcess(String containerId, String execId, Duration timeout);

    /**
     * Deletes an exited exec process and returns its exit. Returns empty when it (or the task) is
     * gone.
     *
     * @throws io.jcri.domain.error.JcriException.FailedPrecondition when it still runs
     */
    Optional<ProcessExit> deleteProcess(String containerId, String execId);

    // ---- events ----

    /**
     * Registers a listener for task events (exits of init and exec processes, OOM kills, task
     * starts and deletes). One subscriber per runtime reads the engine's event stream on its own
     * daemon thread (started with the first listener) and calls listeners there, in the order
     * the engine sent the events; listeners must return quickly. Each time a stream becomes live
     * (the first connect, and every reconnect after the engine restarted; reconnects back off
     * from 100 ms to 5 s) the subscriber calls {@link TaskEventListener#resync()} before
     * delivering that stream's events, so listeners can compare their state with {@link
     * #listTasks()}: events sent while disconnected are lost. A listener registered while the
     * stream is already live gets no resync of its own.
     *
     * @return closing it unregisters the listener
     */
    EventSubscription subscribe(TaskEventListener listener);
}
