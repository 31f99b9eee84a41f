package io.jcri.adapters.containerd.task;

import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.containerd.client.Containers;
import io.jcri.adapters.containerd.client.Events;
import io.jcri.adapters.containerd.client.Leases;
import io.jcri.adapters.containerd.client.Snapshots;
import io.jcri.adapters.containerd.client.Tasks;
import io.jcri.domain.error.JcriException;
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
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.EventSubscription;
import io.jcri.ports.out.TaskEventListener;
import io.jcri.ports.threads.NamedThreads;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerRuntime} on containerd's Containers, Snapshots, Leases, Tasks and Events
 * services (the client package's classes for them; {@link #withLease} makes them send the lease). Closing it stops the event subscriber (the client is closed by its owner).
 */
public final class ContainerdContainerRuntime implements ContainerRuntime, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ContainerdContainerRuntime.class);
    /** Deletes released leases, one at a time, off the CRI calls' path. */
    private static final ExecutorService LEASE_RELEASES =
            Executors.newSingleThreadExecutor(NamedThreads.daemons("jcri-lease-release"));

    private final ContainerdClient client;
    private final Containers containers;
    private final Snapshots snapshots;
    private final Leases leases;
    private final Tasks tasks;
    private final TaskEventSubscriber events;

    private ContainerdContainerRuntime(
            ContainerdClient client,
            Containers containers,
            Snapshots snapshots,
            Tasks tasks,
            TaskEventSubscriber events) {
        this.client = client;
        this.containers = containers;
        this.snapshots = snapshots;
        this.leases = new Leases(client);
        this.tasks = tasks;
        this.events = events;
    }

    /** A runtime on {@code client}'s containerd and namespace. */
    public static ContainerdContainerRuntime create(ContainerdClient client) {
        return new ContainerdContainerRuntime(
                client,
                new Containers(client),
                new Snapshots(client),
                new Tasks(client),
                new TaskEventSubscriber(client, new Events(client)));
    }

    @Override
    public EngineInfo engineInfo() {
        return client.version();
    }

    @Override
    public ContainerRuntime withLease(String leaseId) {
        Objects.requireNonNull(leaseId, "leaseId");
        return new ContainerdContainerRuntime(
                client, containers.leased(leaseId), snapshots.leased(leaseId), tasks.leased(leaseId), events);
    }

    @Override
    public ContainerRecord createContainer(NewContainerRecord container) {
        return containers.create(container);
    }

    @Override
    public Optional<ContainerRecord> container(String id) {
        return containers.get(id);
    }

    @Override
    public List<ContainerRecord> listContainers(Map<String, String> labelSelector) {
        return containers.list(labelSelector);
    }

    @Override
    public ContainerRecord updateContainerLabels(String id, Map<String, String> labels) {
        return containers.updateLabels(id, labels);
    }

    @Override
    public ContainerRecord updateContainerExtension(String id, String name, String json) {
        return containers.updateExtension(id, name, json);
    }

    @Override
    public boolean deleteContainer(String id) {
        return containers.delete(id);
    }

    @Override
    public List<Mount> prepareSnapshot(String snapshotter, String key, String parent, Map<String, String> labels) {
        return snapshots.prepare(snapshotter, key, parent, labels);
    }

    @Override
    public List<Mount> viewSnapshot(String snapshotter, String key, String parent, Map<String, String> labels) {
        return snapshots.view(snapshotter, key, parent, labels);
    }

    @Override
    public List<Mount> snapshotMounts(String snapshotter, String key) {
        return snapshots.mounts(snapshotter, key);
    }

    @Override
    public void commitSnapshot(String snapshotter, String name, String key, Map<String, String> labels) {
        snapshots.commit(snapshotter, name, key, labels);
    }

    @Override
    public Optional<SnapshotInfo> snapshot(String snapshotter, String key) {
        return snapshots.stat(snapshotter, key);
    }

    @Override
    public boolean removeSnapshot(String snapshotter, String key) {
        return snapshots.remove(snapshotter, key);
    }

    @Override
    public Lease createLease(String id, Duration expiry, Map<String, String> labels) {
        return leases.create(id, expiry, labels);
    }

    @Override
    public void addLeaseResource(String leaseId, LeaseResource resource) {
        leases.addResource(leaseId, resource);
    }

    @Override
    public List<Lease> listLeases(Map<String, String> labelSelector) {
        return leases.list(labelSelector);
    }

    @Override
    public boolean deleteLease(String id) {
        return leases.delete(id);
    }

    /** Leases.Delete on a thread of its own, after the answer of the call that made the lease. */
    @Override
    public void releaseLease(String id) {
        Objects.requireNonNull(id, "id");
        try {
            LEASE_RELEASES.execute(() -> {
                try {
                    leases.delete(id);
                } catch (RuntimeException e) {
                    log.warn("lease {} not deleted (it expires by itself): {}", id, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            deleteLease(id);
        }
    }

    @Override
    public int createTask(String containerId, List<Mount> rootfs, TaskIo io) {
        return tasks.create(containerId, rootfs, io);
    }

    @Override
    public int startTask(String containerId) {
        return tasks.start(containerId, "");
    }

    @Override
    public boolean killTask(String containerId, int signal, boolean all) {
        return tasks.kill(containerId, "", signal, all);
    }

    @Override
    public Optional<ProcessExit> deleteTask(String containerId) {
        return tasks.delete(containerId);
    }

    @Override
    public Optional<ProcessState> task(String containerId) {
        return tasks.get(containerId, "");
    }

    @Override
    public List<ProcessState> listTasks() {
        return tasks.list();
    }

    @Override
    public ProcessExit waitTask(String containerId, Duration timeout) {
        return tasks.await(containerId, "", timeout);
    }

    @Override
    public CompletableFuture<ProcessExit> waitTaskAsync(String containerId, Duration timeout) {
        return tasks.awaitAsync(containerId, "", timeout);
    }

    @Override
    public void updateTaskResources(String containerId, OciSpec.Resources resources) {
        tasks.update(containerId, resources);
    }

    @Override
    public List<TaskProcess> taskPids(String containerId) {
        return tasks.pids(containerId);
    }

    @Override
    public List<TaskMetrics> taskMetrics(Collection<String> containerIds) {
        return tasks.metrics(containerIds);
    }

    @Override
    public void execProcess(String containerId, String execId, ExecProcess process, TaskIo io) {
        requireExecId(execId);
        tasks.exec(containerId, execId, process, io);
    }

    @Override
    public int startProcess(String containerId, String execId) {
        requireExecId(execId);
        return tasks.start(containerId, execId);
    }

    @Override
    public boolean killProcess(String containerId, String execId, int signal) {
        requireExecId(execId);
        return tasks.kill(containerId, execId, signal, false);
    }

    @Override
    public void resizePty(String containerId, String execId, int width, int height) {
        tasks.resizePty(containerId, execId == null ? "" : execId, width, height);
    }

    @Override
    public void closeStdin(String containerId, String execId) {
        tasks.closeStdin(containerId, execId == null ? "" : execId);
    }

    @Override
    public Optional<ProcessState> process(String containerId, String execId) {
        requireExecId(execId);
        return tasks.get(containerId, execId);
    }

    @Override
    public ProcessExit waitProcess(String containerId, String execId, Duration timeout) {
        requireExecId(execId);
        return tasks.await(containerId, execId, timeout);
    }

    @Override
    public Optional<ProcessExit> deleteProcess(String containerId, String execId) {
        requireExecId(execId);
        return tasks.deleteProcess(containerId, execId);
    }

    private static void requireExecId(String execId) {
        if (execId == null || execId.isBlank()) {
            throw new JcriException.InvalidArgument("exec id is empty");
        }
    }

    @Override
    public EventSubscription subscribe(TaskEventListener listener) {
        return events.subscribe(Objects.requireNonNull(listener, "listener"));
    }

    /** Changes to image records, from the same event stream (the image store's watch). */
    public EventSubscription watchImages(io.jcri.ports.out.ImageRecordListener listener) {
        return events.subscribeImages(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        events.close();
    }
}
