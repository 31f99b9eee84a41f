package io.jcri.ports.fakes;

import io.jcri.domain.container.Signals;
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
import io.jcri.domain.task.TaskEvent;
import io.jcri.domain.task.TaskIo;
import io.jcri.domain.task.TaskMetrics;
import io.jcri.domain.task.TaskProcess;
import io.jcri.domain.task.TaskStatus;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.EventSubscription;
import io.jcri.ports.out.TaskEventListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory container engine with the semantics of the containerd adapter (see {@link
 * ContainerRuntime}): records, snapshots, leases, tasks and exec processes, and events delivered
 * on a separate thread in order.
 *
 * <p>Processes do nothing by themselves: a test ends them with {@link #exit(String, int)} or
 * {@link #exitProcess}, or kills them ({@code SIGKILL} always ends a process; other signals end it
 * with 128 + signal unless {@link #trap trapped}). {@link #oom} sends an OOM event. Failures:
 * {@link #down} makes every call fail as Unavailable; {@link #failNext} makes the next call of
 * one method throw the given error; {@link #failFor} makes every call of one method about one
 * container fail until {@link #heal}. {@link #collectGarbage()} removes what containerd's collector
 * would (active and view snapshots neither leased nor held by a container); {@link #restart()} drops the
 * event stream and tells listeners to resync, as a containerd restart does.
 */
public class FakeContainerRuntime implements ContainerRuntime {

    private volatile EngineInfo engine = new EngineInfo("1.6.20", "fake");
    private final State state;
    private final String lease;

    /** Everything the views (leased or not) share. */
    private static final class State {
        final Clock clock = Clock.systemUTC();
        final Map<String, ContainerRecord> containers = new LinkedHashMap<>();
        final Map<String, SnapshotInfo> snapshots = new LinkedHashMap<>();
        /** Snapshots ({@code snapshotter/key}) records hold beyond their rootfs, by container id. */
        final Map<String, List<String>> held = new HashMap<>();

        final Map<String, FakeLease> leases = new LinkedHashMap<>();
        final Map<String, Proc> tasks = new LinkedHashMap<>();
        final Map<String, Map<String, Proc>> execs = new HashMap<>();
        final Map<String, Set<Integer>> trapped = new HashMap<>();
        final Map<String, List<JcriException>> failures = new HashMap<>();
        /** One-shot hooks run when a method is next called, before it does anything. */
        final Map<String, Runnable> hooks = new HashMap<>();
        /** Sticky failures by {@code method/containerId}. */
        final Map<String, JcriException> stuck = new HashMap<>();

        final AtomicInteger pids = new AtomicInteger(1000);
        final List<TaskEventListener> listeners = new CopyOnWriteArrayList<>();
        final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fake-containerd-events");
            t.setDaemon(true);
            return t;
        });
        volatile boolean streamUp = true;
        volatile String downReason;
    }

    private static final class FakeLease {
        final Lease lease;
        final Set<LeaseResource> resources = new HashSet<>();

        FakeLease(Lease lease) {
            this.lease = lease;
        }
    }

    private static final class Proc {
        final String containerId;
        final String execId;
        final int pid;
        final TaskIo io;
        TaskStatus status = TaskStatus.CREATED;
        int exitCode;
        Instant exitedAt;

        Proc(String containerId, String execId, int pid, TaskIo io) {
            this.containerId = containerId;
            this.execId = execId;
            this.pid = pid;
            this.io = io;
        }

        ProcessState state() {
            return new ProcessState(containerId, execId, pid, status, io, exitCode, exitedAt);
        }

        ProcessExit exit() {
            return new ProcessExit(pid, exitCode, exitedAt == null ? Instant.EPOCH : exitedAt);
        }
    }

    public FakeContainerRuntime() {
        this(new State(), null);
    }

    private FakeContainerRuntime(State state, String lease) {
        this.state = state;
        this.lease = lease;
    }

    // ---- test controls ----

    public void down(String reason) {
        state.downReason = reason;
    }

    public void up() {
        state.downReason = null;
    }

    public void version(String version) {
        this.engine = new EngineInfo(version, "fake");
    }

    /** The next call of {@code method} (a method name of {@link ContainerRuntime}) throws {@code error}. */
    public void failNext(String method, JcriException error) {
        synchronized (state) {
            state.failures.computeIfAbsent(method, k -> new ArrayList<>()).add(error);
        }
    }

    /**
     * The next call of {@code method} first runs {@code hook} (outside the fake's lock), e.g. to
     * hold that call on a latch while the test races another against it.
     */
    public void beforeNext(String method, Runnable hook) {
        synchronized (state) {
            state.hooks.put(method, hook);
        }
    }

    /**
     * Every call of {@code method} about {@code containerId} throws {@code error} until {@link
     * #heal}, as calls to a hung shim do (only {@code task} so far).
     */
    public void failFor(String method, String containerId, JcriException error) {
        synchronized (state) {
            state.stuck.put(method + "/" + containerId, error);
        }
    }

    /** Ends the failures {@link #failFor} set for {@code containerId}. */
    public void heal(String containerId) {
        synchronized (state) {
            state.stuck.keySet().removeIf(k -> k.endsWith("/" + containerId));
        }
    }

    /** Signals a container's init process survives (as if its command trapped them). */
    public void trap(String containerId, int... signals) {
        synchronized (state) {
            Set<Integer> s = state.trapped.computeIfAbsent(containerId, k -> new HashSet<>());
            for (int sig : signals) {
                s.add(sig);
            }
        }
    }

    /** Ends a running task's init process with {@code exitCode}. */
    public void exit(String containerId, int exitCode) {
        synchronized (state) {
            Proc p = state.tasks.get(containerId);
            if (p == null || p.status != TaskStatus.RUNNING) {
                throw new IllegalStateException("task " + containerId + " is not running");
            }
            end(p, exitCode);
        }
    }

    /** Ends a running task's init process with no event (its exit is not seen until a resync). */
    public void exitUnseen(String containerId, int exitCode) {
        synchronized (state) {
            Proc p = state.tasks.get(containerId);
            if (p == null || p.status != TaskStatus.RUNNING) {
                throw new IllegalStateException("task " + containerId + " is not running");
            }
            p.status = TaskStatus.STOPPED;
            p.exitCode = exitCode;
            p.exitedAt = state.clock.instant();
            state.notifyAll();
        }
    }

    /** Ends a running exec process with {@code exitCode}. */
    public void exitProcess(String containerId, String execId, int exitCode) {
        synchronized (state) {
            Proc p = state.execs.getOrDefault(containerId, Map.of()).get(execId);
            if (p == null || p.status != TaskStatus.RUNNING) {
                throw new IllegalStateException("exec " + execId + " of " + containerId + " is not running");
            }
            end(p, exitCode);
        }
    }

    /** Reports an OOM kill of a container's process (the process itself goes on; call exit too). */
    public void oom(String containerId) {
        emit(new TaskEvent.OutOfMemory(containerId));
    }

    /** A containerd restart: events until the stream is back are lost, then listeners resync. */
    public void restart() {
        state.streamUp = false;
        state.events.execute(() -> {
            state.streamUp = true;
            state.listeners.forEach(TaskEventListener::resync);
        });
    }

    /** Removes what containerd's garbage collector would: active and view snapshots nothing holds. */
    public void collectGarbage() {
        synchronized (state) {
            Set<String> held = new HashSet<>();
            state.containers.values().forEach(c -> held.add(c.snapshotter() + "/" + c.snapshotKey()));
            state.held.values().forEach(held::addAll);
            state.leases
                    .values()
                    .forEach(l -> l.resources.forEach(r -> {
                        if (r.type().startsWith("snapshots/")) {
                            held.add(r.type().substring("snapshots/".length()) + "/" + r.id());
                        }
                    }));
            state.snapshots
                    .entrySet()
                    .removeIf(e -> e.getValue().kind() != SnapshotInfo.Kind.COMMITTED
                            && !held.contains(e.getKey())
                            && state.snapshots.values().stream()
                                    .noneMatch(
                                            s -> s.parent().equals(e.getValue().name())));
        }
    }

    /** Ids of the records, snapshots ({@code snapshotter/key}), leases and tasks left, for leak checks. */
    public Set<String> leftovers() {
        synchronized (state) {
            Set<String> all = new HashSet<>();
            state.containers.keySet().forEach(k -> all.add("container:" + k));
            state.snapshots.forEach((k, v) -> {
                if (v.kind() != SnapshotInfo.Kind.COMMITTED) {
                    all.add("snapshot:" + k);
                }
            });
            state.leases.keySet().forEach(k -> all.add("lease:" + k));
            state.tasks.keySet().forEach(k -> all.add("task:" + k));
            return all;
        }
    }

    // ---- internals ----

    private void check(String method) {
        Runnable hook;
        synchronized (state) {
            hook = state.hooks.remove(method);
        }
        if (hook != null) {
            hook.run();
        }
        String reason = state.downReason;
        if (reason != null) {
            throw new JcriException.Unavailable(reason);
        }
        synchronized (state) {
            List<JcriException> f = state.failures.get(method);
            if (f != null && !f.isEmpty()) {
                throw f.remove(0);
            }
        }
    }

    private void check(String method, String containerId) {
        check(method);
        synchronized (state) {
            JcriException e = state.stuck.get(method + "/" + containerId);
            if (e != null) {
                throw e;
            }
        }
    }

    private void end(Proc p, int exitCode) {
        p.status = TaskStatus.STOPPED;
        p.exitCode = exitCode;
        p.exitedAt = state.clock.instant();
        state.notifyAll();
        emit(new TaskEvent.Exited(p.containerId, p.execId, p.pid, exitCode, p.exitedAt));
    }

    private void emit(TaskEvent e) {
        state.events.execute(() -> {
            if (state.streamUp) {
                state.listeners.forEach(l -> l.onEvent(e));
            }
        });
    }

    private static String snapshotId(String snapshotter, String key) {
        return snapshotter + "/" + key;
    }

    private Proc task(String containerId, String what) {
        Proc p = state.tasks.get(containerId);
        if (p == null) {
            throw new JcriException.NotFound("containerd " + what + ": task " + containerId + " not found");
        }
        return p;
    }

    private Proc exec(String containerId, String execId, String what) {
        Proc p = state.execs.getOrDefault(containerId, Map.of()).get(execId);
        if (p == null) {
            throw new JcriException.NotFound(
                    "containerd " + what + ": exec process " + execId + " of task " + containerId + " not found");
        }
        return p;
    }

    // ---- ContainerRuntime ----

    @Override
    public EngineInfo engineInfo() {
        check("engineInfo");
        return engine;
    }

    @Override
    public ContainerRuntime withLease(String leaseId) {
        if (leaseId == null || leaseId.isBlank()) {
            throw new JcriException.InvalidArgument("lease id is empty");
        }
        return new FakeContainerRuntime(state, leaseId);
    }

    private void checkLease() {
        if (lease != null && !state.leases.containsKey(lease)) {
            throw new JcriException.NotFound("containerd: lease " + lease + " not found");
        }
    }

    @Override
    public ContainerRecord createContainer(NewContainerRecord c) {
        check("createContainer");
        synchronized (state) {
            checkLease();
            if (state.containers.containsKey(c.id())) {
                throw new JcriException.AlreadyExists(
                        "containerd Containers.Create: container " + c.id() + " already exists");
            }
            Instant now = state.clock.instant();
            Map<String, String> labels = new HashMap<>(c.labels());
            labels.values().removeIf(String::isEmpty);
            ContainerRecord r = new ContainerRecord(
                    c.id(),
                    c.image(),
                    c.runtime(),
                    c.ociSpecJson(),
                    c.snapshotter(),
                    c.snapshotKey(),
                    labels,
                    c.extensions(),
                    now,
                    now);
            state.containers.put(c.id(), r);
            state.held.put(
                    c.id(),
                    c.heldSnapshots().stream()
                            .map(k -> snapshotId(c.snapshotter(), k))
                            .toList());
            return r;
        }
    }

    @Override
    public Optional<ContainerRecord> container(String id) {
        check("container");
        synchronized (state) {
            return Optional.ofNullable(state.containers.get(id));
        }
    }

    @Override
    public List<ContainerRecord> listContainers(Map<String, String> labelSelector) {
        check("listContainers");
        synchronized (state) {
            return state.containers.values().stream()
                    .filter(c -> c.labels().entrySet().containsAll(labelSelector.entrySet()))
                    .toList();
        }
    }

    @Override
    public ContainerRecord updateContainerLabels(String id, Map<String, String> labels) {
        check("updateContainerLabels");
        return updateRecord(id, c -> {
            Map<String, String> merged = new HashMap<>(c.labels());
            merged.putAll(labels);
            merged.values().removeIf(String::isEmpty);
            return withLabelsAndExtensions(c, merged, c.extensions());
        });
    }

    @Override
    public ContainerRecord updateContainerExtension(String id, String name, String json) {
        check("updateContainerExtension");
        return updateRecord(id, c -> {
            Map<String, String> extensions = new HashMap<>(c.extensions());
            extensions.put(name, json);
            return withLabelsAndExtensions(c, c.labels(), extensions);
        });
    }

    private ContainerRecord updateRecord(String id, java.util.function.UnaryOperator<ContainerRecord> change) {
        synchronized (state) {
            ContainerRecord c = state.containers.get(id);
            if (c == null) {
                throw new JcriException.NotFound("containerd Containers.Update: container " + id + " not found");
            }
            ContainerRecord u = change.apply(c);
            state.containers.put(id, u);
            return u;
        }
    }

    private ContainerRecord withLabelsAndExtensions(
            ContainerRecord c, Map<String, String> labels, Map<String, String> extensions) {
        return new ContainerRecord(
                c.id(),
                c.image(),
                c.runtime(),
                c.ociSpecJson(),
                c.snapshotter(),
                c.snapshotKey(),
                labels,
                extensions,
                c.createdAt(),
                state.clock.instant());
    }

    @Override
    public boolean deleteContainer(String id) {
        check("deleteContainer");
        synchronized (state) {
            state.held.remove(id);
            return state.containers.remove(id) != null;
        }
    }

    @Override
    public List<Mount> prepareSnapshot(String snapshotter, String key, String parent, Map<String, String> labels) {
        check("prepareSnapshot");
        return newSnapshot("Prepare", SnapshotInfo.Kind.ACTIVE, snapshotter, key, parent, labels);
    }

    @Override
    public List<Mount> viewSnapshot(String snapshotter, String key, String parent, Map<String, String> labels) {
        check("viewSnapshot");
        return newSnapshot("View", SnapshotInfo.Kind.VIEW, snapshotter, key, parent, labels);
    }

    private List<Mount> newSnapshot(
            String verb,
            SnapshotInfo.Kind kind,
            String snapshotter,
            String key,
            String parent,
            Map<String, String> labels) {
        synchronized (state) {
            checkLease();
            String id = snapshotId(snapshotter, key);
            if (state.snapshots.containsKey(id)) {
                throw new JcriException.AlreadyExists(
                        "containerd Snapshots." + verb + ": snapshot " + id + " already exists");
            }
            String p = parent == null ? "" : parent;
            if (!p.isEmpty()) {
                SnapshotInfo pi = state.snapshots.get(snapshotId(snapshotter, p));
                if (pi == null || pi.kind() != SnapshotInfo.Kind.COMMITTED) {
                    throw new JcriException.NotFound(
                            "containerd Snapshots." + verb + ": parent snapshot " + p + " not found (committed)");
                }
            }
            state.snapshots.put(id, new SnapshotInfo(key, p, kind, labels, state.clock.instant()));
            if (lease != null) {
                state.leases.get(lease).resources.add(LeaseResource.snapshot(snapshotter, key));
            }
            return mounts(snapshotter, key, kind);
        }
    }

    private static List<Mount> mounts(String snapshotter, String key, SnapshotInfo.Kind kind) {
        String mode = kind == SnapshotInfo.Kind.VIEW ? "ro" : "rw";
        return List.of(new Mount("bind", "/fake/" + snapshotter + "/" + key, "", List.of("rbind", mode)));
    }

    @Override
    public List<Mount> snapshotMounts(String snapshotter, String key) {
        check("snapshotMounts");
        synchronized (state) {
            SnapshotInfo s = state.snapshots.get(snapshotId(snapshotter, key));
            if (s == null) {
                throw new JcriException.NotFound("containerd Snapshots.Mounts: snapshot " + key + " not found");
            }
            return mounts(snapshotter, key, s.kind());
        }
    }

    @Override
    public void commitSnapshot(String snapshotter, String name, String key, Map<String, String> labels) {
        check("commitSnapshot");
        synchronized (state) {
            SnapshotInfo s = state.snapshots.get(snapshotId(snapshotter, key));
            if (s == null || s.kind() != SnapshotInfo.Kind.ACTIVE) {
                throw new JcriException.NotFound("containerd Snapshots.Commit: active snapshot " + key + " not found");
            }
            if (state.snapshots.containsKey(snapshotId(snapshotter, name))) {
                throw new JcriException.AlreadyExists(
                        "containerd Snapshots.Commit: snapshot " + name + " already exists");
            }
            state.snapshots.remove(snapshotId(snapshotter, key));
            state.snapshots.put(
                    snapshotId(snapshotter, name),
                    new SnapshotInfo(name, s.parent(), SnapshotInfo.Kind.COMMITTED, labels, state.clock.instant()));
        }
    }

    @Override
    public Optional<SnapshotInfo> snapshot(String snapshotter, String key) {
        check("snapshot");
        synchronized (state) {
            return Optional.ofNullable(state.snapshots.get(snapshotId(snapshotter, key)));
        }
    }

    @Override
    public boolean removeSnapshot(String snapshotter, String key) {
        check("removeSnapshot");
        synchronized (state) {
            String id = snapshotId(snapshotter, key);
            if (!state.snapshots.containsKey(id)) {
                return false;
            }
            boolean hasChildren = state.snapshots.entrySet().stream()
                    .anyMatch(e -> e.getKey().startsWith(snapshotter + "/")
                            && e.getValue().parent().equals(key));
            if (hasChildren) {
                throw new JcriException.FailedPrecondition(
                        "containerd Snapshots.Remove: snapshot " + key + " has children");
            }
            state.snapshots.remove(id);
            return true;
        }
    }

    @Override
    public Lease createLease(String id, Duration expiry, Map<String, String> labels) {
        check("createLease");
        synchronized (state) {
            if (state.leases.containsKey(id)) {
                throw new JcriException.AlreadyExists("containerd Leases.Create: lease " + id + " already exists");
            }
            Map<String, String> all = new HashMap<>(labels);
            if (expiry != null) {
                all.put(
                        "containerd.io/gc.expire",
                        state.clock.instant().plus(expiry).toString());
            }
            Lease l = new Lease(id, all, state.clock.instant());
            state.leases.put(id, new FakeLease(l));
            return l;
        }
    }

    @Override
    public void addLeaseResource(String leaseId, LeaseResource resource) {
        check("addLeaseResource");
        synchronized (state) {
            FakeLease l = state.leases.get(leaseId);
            if (l == null) {
                throw new JcriException.NotFound("containerd Leases.AddResource: lease " + leaseId + " not found");
            }
            l.resources.add(resource);
        }
    }

    @Override
    public List<Lease> listLeases(Map<String, String> labelSelector) {
        check("listLeases");
        synchronized (state) {
            return state.leases.values().stream()
                    .map(l -> l.lease)
                    .filter(l -> l.labels().entrySet().containsAll(labelSelector.entrySet()))
                    .toList();
        }
    }

    @Override
    public boolean deleteLease(String id) {
        check("deleteLease");
        synchronized (state) {
            return state.leases.remove(id) != null;
        }
    }

    @Override
    public int createTask(String containerId, List<Mount> rootfs, TaskIo io) {
        check("createTask");
        synchronized (state) {
            if (!state.containers.containsKey(containerId)) {
                throw new JcriException.NotFound("containerd Tasks.Create: container " + containerId + " not found");
            }
            if (state.tasks.containsKey(containerId)) {
                throw new JcriException.AlreadyExists(
                        "containerd Tasks.Create: task " + containerId + " already exists");
            }
            Proc p = new Proc(containerId, "", state.pids.incrementAndGet(), io);
            state.tasks.put(containerId, p);
            return p.pid;
        }
    }

    @Override
    public int startTask(String containerId) {
        check("startTask");
        synchronized (state) {
            Proc p = task(containerId, "Tasks.Start");
            if (p.status != TaskStatus.CREATED) {
                throw new JcriException.FailedPrecondition("containerd Tasks.Start: task " + containerId + " is "
                        + p.status.name().toLowerCase());
            }
            p.status = TaskStatus.RUNNING;
            emit(new TaskEvent.Started(containerId, p.pid));
            return p.pid;
        }
    }

    private boolean signal(Proc p, int signal, Set<Integer> trapped) {
        if (p.status == TaskStatus.STOPPED) {
            return false;
        }
        if (signal == Signals.SIGKILL || !trapped.contains(signal)) {
            end(p, 128 + signal);
        }
        return true;
    }

    @Override
    public boolean killTask(String containerId, int signal, boolean all) {
        check("killTask");
        synchronized (state) {
            Proc p = state.tasks.get(containerId);
            if (p == null) {
                return false;
            }
            if (all && signal == Signals.SIGKILL) {
                state.execs.getOrDefault(containerId, Map.of()).values().forEach(e -> signal(e, signal, Set.of()));
            }
            return signal(p, signal, state.trapped.getOrDefault(containerId, Set.of()));
        }
    }

    @Override
    public Optional<ProcessExit> deleteTask(String containerId) {
        check("deleteTask");
        synchronized (state) {
            Proc p = state.tasks.get(containerId);
            if (p == null) {
                return Optional.empty();
            }
            if (p.status == TaskStatus.RUNNING) {
                throw new JcriException.FailedPrecondition(
                        "task " + containerId + " is still running (pid " + p.pid + "): kill it first");
            }
            state.tasks.remove(containerId);
            state.execs.remove(containerId);
            ProcessExit exit = p.exit();
            emit(new TaskEvent.Deleted(containerId, p.pid, exit.exitCode(), exit.exitedAt()));
            return Optional.of(exit);
        }
    }

    @Override
    public Optional<ProcessState> task(String containerId) {
        check("task", containerId);
        synchronized (state) {
            return Optional.ofNullable(state.tasks.get(containerId)).map(Proc::state);
        }
    }

    @Override
    public List<ProcessState> listTasks() {
        check("listTasks");
        synchronized (state) {
            return state.tasks.values().stream().map(Proc::state).toList();
        }
    }

    private ProcessExit await(Proc p, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (state) {
            while (p.status != TaskStatus.STOPPED) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new JcriException.DeadlineExceeded(
                            what + " did not exit within " + timeout.toMillis() + "ms");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(state, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new JcriException.Unavailable("interrupted waiting for " + what);
                }
            }
            return p.exit();
        }
    }

    @Override
    public ProcessExit waitTask(String containerId, Duration timeout) {
        check("waitTask");
        Proc p;
        synchronized (state) {
            p = task(containerId, "Tasks.Wait");
        }
        return await(p, timeout, "task " + containerId);
    }

    @Override
    public void updateTaskResources(String containerId, OciSpec.Resources resources) {
        check("updateTaskResources");
        synchronized (state) {
            task(containerId, "Tasks.Update");
        }
    }

    @Override
    public List<TaskProcess> taskPids(String containerId) {
        check("taskPids");
        synchronized (state) {
            Proc p = task(containerId, "Tasks.ListPids");
            List<TaskProcess> pids = new ArrayList<>();
            if (p.status == TaskStatus.RUNNING) {
                pids.add(new TaskProcess(p.pid, ""));
            }
            state.execs.getOrDefault(containerId, Map.of()).values().stream()
                    .filter(e -> e.status == TaskStatus.RUNNING)
                    .forEach(e -> pids.add(new TaskProcess(e.pid, e.execId)));
            return pids;
        }
    }

    @Override
    public List<TaskMetrics> taskMetrics(Collection<String> containerIds) {
        check("taskMetrics");
        synchronized (state) {
            return state.tasks.values().stream()
                    .filter(p -> containerIds.isEmpty() || containerIds.contains(p.containerId))
                    .filter(p -> p.status == TaskStatus.RUNNING)
                    .map(p -> new TaskMetrics(p.containerId, state.clock.instant(), "fake.Metrics", new byte[0]))
                    .toList();
        }
    }

    @Override
    public void execProcess(String containerId, String execId, ExecProcess process, TaskIo io) {
        check("execProcess");
        synchronized (state) {
            Proc t = task(containerId, "Tasks.Exec");
            if (t.status != TaskStatus.RUNNING) {
                throw new JcriException.FailedPrecondition(
                        "containerd Tasks.Exec: task " + containerId + " is not running");
            }
            Map<String, Proc> execs = state.execs.computeIfAbsent(containerId, k -> new LinkedHashMap<>());
            if (execs.containsKey(execId)) {
                throw new JcriException.AlreadyExists("containerd Tasks.Exec: exec process " + execId + " of task "
                        + containerId + " already exists");
            }
            execs.put(execId, new Proc(containerId, execId, 0, io));
        }
    }

    @Override
    public int startProcess(String containerId, String execId) {
        check("startProcess");
        synchronized (state) {
            Proc old = exec(containerId, execId, "Tasks.Start");
            if (old.status != TaskStatus.CREATED) {
                throw new JcriException.FailedPrecondition("containerd Tasks.Start: exec process " + execId + " is "
                        + old.status.name().toLowerCase());
            }
            Proc p = new Proc(containerId, execId, state.pids.incrementAndGet(), old.io);
            p.status = TaskStatus.RUNNING;
            state.execs.get(containerId).put(execId, p);
            return p.pid;
        }
    }

    @Override
    public boolean killProcess(String containerId, String execId, int signal) {
        check("killProcess");
        synchronized (state) {
            Proc p = state.execs.getOrDefault(containerId, Map.of()).get(execId);
            return p != null && signal(p, signal, Set.of());
        }
    }

    @Override
    public void resizePty(String containerId, String execId, int width, int height) {
        check("resizePty");
        synchronized (state) {
            if (execId == null || execId.isEmpty()) {
                task(containerId, "Tasks.ResizePty");
            } else {
                exec(containerId, execId, "Tasks.ResizePty");
            }
        }
    }

    @Override
    public void closeStdin(String containerId, String execId) {
        check("closeStdin");
        synchronized (state) {
            if (execId == null || execId.isEmpty()) {
                task(containerId, "Tasks.CloseIO");
            } else {
                exec(containerId, execId, "Tasks.CloseIO");
            }
        }
    }

    @Override
    public Optional<ProcessState> process(String containerId, String execId) {
        check("process");
        synchronized (state) {
            return Optional.ofNullable(
                            state.execs.getOrDefault(containerId, Map.of()).get(execId))
                    .map(Proc::state);
        }
    }

    @Override
    public ProcessExit waitProcess(String containerId, String execId, Duration timeout) {
        check("waitProcess");
        Proc p;
        synchronized (state) {
            p = exec(containerId, execId, "Tasks.Wait");
        }
        return await(p, timeout, "exec process " + execId + " of task " + containerId);
    }

    @Override
    public Optional<ProcessExit> deleteProcess(String containerId, String execId) {
        check("deleteProcess");
        synchronized (state) {
            Proc p = state.execs.getOrDefault(containerId, Map.of()).get(execId);
            if (p == null) {
                return Optional.empty();
            }
            if (p.status == TaskStatus.RUNNING) {
                throw new JcriException.FailedPrecondition("exec process " + execId + " of task " + containerId
                        + " is still running (pid " + p.pid + "): kill it first");
            }
            state.execs.get(containerId).remove(execId);
            return Optional.of(p.exit());
        }
    }

    @Override
    public EventSubscription subscribe(TaskEventListener listener) {
        check("subscribe");
        state.listeners.add(listener);
        return new EventSubscription() {
            @Override
            public boolean connected() {
                return state.streamUp;
            }

            @Override
            public void close() {
                state.listeners.remove(listener);
            }
        };
    }

    @Override
    public String toString() {
        return "FakeContainerRuntime" + (lease == null ? "" : "[lease " + lease + "]");
    }
}
