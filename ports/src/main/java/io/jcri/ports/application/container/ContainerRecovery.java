package io.jcri.ports.application.container;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.container.Signals;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.domain.task.ProcessExit;
import io.jcri.domain.task.ProcessState;
import io.jcri.domain.task.TaskStatus;
import io.jcri.ports.application.common.EngineProbe;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.out.ContainerDocuments;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ContainerStatusFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The container steps of start-up recovery. {@link #recover} rebuilds the container cache: the
 * engine's records labelled as jcri's containers decide what exists; each one's status file says
 * what it last was, and its task what it is now. A running task gets its log writer back and a
 * waiter; a task that exited while jcri was down is deleted and its real exit code recorded; a
 * container whose task vanished is reported exited with code 255. Each container is recovered on
 * its own: one whose task cannot be read (a hung shim) is kept as unknown with its status file,
 * and one whose record cannot be read is skipped, both logged by id, while the others go on.
 * {@link #sweepLeftovers} (the last step) removes status files and FIFOs that belong to no
 * container.
 */
public final class ContainerRecovery {
    private static final Logger log = Logger.getLogger(ContainerRecovery.class.getName());
    /** The exit code of a container whose task disappeared without a trace. */
    static final int LOST_EXIT_CODE = 255;

    private final ContainerRuntime runtime;
    private final ContainerIo io;
    private final ContainerStatusFiles files;
    private final ContainerDocuments documents;
    private final Containers containers;
    private final ContainerExits exits;
    private final Clock clock;
    private final Path fifoDir;
    private final Sandboxes sandboxes;
    private static final String KEY = "container ";
    private final Map<String, String> failed = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    /**
     * @param sandboxes the pods, whose log directories bound the containers' logs when they are
     *     reopened
     */
    public ContainerRecovery(
            ContainerRuntime runtime,
            ContainerIo io,
            ContainerStatusFiles files,
            ContainerDocuments documents,
            Containers containers,
            ContainerExits exits,
            Clock clock,
            Path fifoDir,
            Sandboxes sandboxes) {
        this.sandboxes = Objects.requireNonNull(sandboxes, "sandboxes");
        this.runtime = runtime;
        this.io = io;
        this.files = files;
        this.documents = documents;
        this.containers = containers;
        this.exits = exits;
        this.clock = clock;
        this.fifoDir = fifoDir;
    }

    /**
     * Rebuilds the cache, container by container; returns how many containers are in it. A
     * container already recovered by an earlier attempt is left as it is, so a retry adds nothing
     * twice (no second log writer, no second waiter).
     *
     * @throws JcriException.Unavailable when the engine does not answer
     */
    public int recover() {
        failed.clear();
        int n = 0;
        for (ContainerRecord record : runtime.listContainers(ContainerLabels.SELECT_CONTAINERS)) {
            if (recoverRecord(record)) {
                n++;
            }
        }
        return n;
    }

    /** The containers the last {@link #recover} (or retry) could not recover: "container <id>" to why. */
    public Map<String, String> failures() {
        synchronized (failed) {
            return Map.copyOf(failed);
        }
    }

    /**
     * Tries the containers that failed again, each under its own lock (the CRI is serving by
     * then): one whose record is gone is dropped, one readable now takes its place in the cache.
     */
    public void retryFailed() {
        for (String key : List.copyOf(failures().keySet())) {
            String id = key.substring(KEY.length());
            containers.locks.exclusive(id, () -> {
                Optional<ContainerRecord> record = runtime.container(id);
                if (record.isEmpty()) {
                    failed.remove(key);
                } else {
                    recoverRecord(record.get());
                }
            });
        }
    }

    /** One container into the cache; whether it is there (known, or kept as unknown). */
    private boolean recoverRecord(ContainerRecord record) {
        String key = KEY + record.id();
        Optional<Container> earlier = containers.get(record.id());
        if (earlier.isPresent() && !(earlier.get().state() instanceof ContainerState.Unknown)) {
            failed.remove(key);
            return true;
        }
        Container saved;
        try {
            saved = saved(record);
            containers.names().reserve(saved.metadata().reservedName(), saved.id());
        } catch (RuntimeException e) {
            // an unreadable record, or a name another record holds
            log.warning("container " + record.id() + " not recovered: " + e.getMessage());
            failed.put(key, "not recovered, its record is kept: " + e.getMessage());
            return false;
        }
        Container c;
        try {
            c = recoverOne(record, saved, runtime.task(record.id()));
        } catch (JcriException.Unavailable e) {
            EngineProbe.rethrowIfEngineDown(runtime, e);
            c = unknown(saved, e);
        } catch (RuntimeException e) {
            c = unknown(saved, e);
        }
        if (c.state() instanceof ContainerState.Unknown u) {
            failed.put(key, "kept as unknown with its status file: " + u.message());
        } else {
            failed.remove(key);
        }
        containers.put(c);
        if (c.running()) {
            exits.watch(c.id());
        }
        return true;
    }

    /** The container as its record and status file say it was (its task not asked yet). */
    private Container saved(ContainerRecord record) {
        String json = record.extensions().get(ContainerLabels.METADATA_EXTENSION);
        if (json == null) {
            throw new JcriException.InvalidArgument("its record has no " + ContainerLabels.METADATA_EXTENSION);
        }
        ContainerMetadata metadata = documents.decodeMetadata(json);
        String resources = record.label(ContainerLabels.RESOURCES);
        LinuxResources r = resources.isEmpty() ? LinuxResources.NONE : documents.decodeResources(resources);
        return new Container(metadata, r, files.read(record.id()).orElse(ContainerState.CREATED));
    }

    /**
     * A container whose task could not be read: kept, reported CONTAINER_UNKNOWN, its status file
     * left as it was (it still holds the last known state for the next start).
     */
    private static Container unknown(Container saved, RuntimeException e) {
        log.warning("container " + saved.id() + " (" + saved.metadata().name() + "): its task cannot be read ("
                + e.getMessage() + "); kept as unknown, its status file kept");
        return saved.unknown("jcri could not read the container's task when it started: " + e.getMessage());
    }

    /**
     * Removes status files and stdio FIFOs that belong to no container record. FIFOs of a container
     * with no open stdio go too, but for a container kept as unknown or whose record cannot be read.
     *
     * @throws JcriException.Unavailable when the engine does not answer (nothing is removed)
     */
    public void sweepLeftovers() {
        Set<String> records = new HashSet<>();
        for (ContainerRecord r : runtime.listContainers(ContainerLabels.SELECT_CONTAINERS)) {
            records.add(r.id());
        }
        for (String id : files.containerIds()) {
            if (!records.contains(id)) {
                files.delete(id);
            }
        }
        Set<String> fifoOwners = new HashSet<>();
        for (Path p : io.fifos(fifoDir)) {
            String name = p.getFileName().toString();
            int dash = name.indexOf('-');
            fifoOwners.add(dash < 0 ? name : name.substring(0, dash));
        }
        for (String owner : fifoOwners) {
            Optional<Container> c = containers.get(owner);
            boolean keep = containers.stdio(owner).isPresent()
                    || (records.contains(owner) && (c.isEmpty() || c.get().state() instanceof ContainerState.Unknown));
            if (!keep) {
                io.removeFifos(fifoDir, owner);
            }
        }
    }

    /** The container as its task says it is now; writes its status file when that changed it. */
    private Container recoverOne(ContainerRecord record, Container before, Optional<ProcessState> task) {
        ContainerMetadata metadata = before.metadata();
        LinuxResources r = before.resources();
        ContainerState saved = before.state();
        Container c = before;
        Instant now = clock.instant();
        if (task.isEmpty()) {
            if (saved instanceof ContainerState.Running) {
                c = c.exit(now, LOST_EXIT_CODE, false, "the container's task was gone when jcri restarted");
            }
        } else {
            ProcessState t = task.get();
            if (t.status() == TaskStatus.RUNNING || t.status() == TaskStatus.PAUSED) {
                Instant startedAt = saved instanceof ContainerState.Running run ? run.startedAt() : record.createdAt();
                if (!(saved instanceof ContainerState.Running)) {
                    c = new Container(metadata, r, new ContainerState.Running(t.pid(), startedAt));
                } else if (((ContainerState.Running) saved).pid() != t.pid()) {
                    c = c.withState(new ContainerState.Running(t.pid(), startedAt));
                }
                reattach(c);
            } else if (t.status() == TaskStatus.STOPPED) {
                ProcessExit exit = runtime.deleteTask(record.id())
                        .orElse(t.exit().orElse(new ProcessExit(t.pid(), LOST_EXIT_CODE, now)));
                if (c.state() instanceof ContainerState.Created || c.state() instanceof ContainerState.Unknown) {
                    c = c.withState(new ContainerState.Running(t.pid(), record.createdAt()));
                }
                c = c.exit(exit.exitedAt(), exit.exitCode(), false, "");
                io.removeFifos(fifoDir, record.id());
            } else {
                // jcri stopped while starting it: the start did not complete.
                runtime.killTask(record.id(), Signals.SIGKILL, true);
                try {
                    runtime.deleteTask(record.id());
                } catch (JcriException.FailedPrecondition e) {
                    log.warning("container " + record.id() + ": task not deleted: " + e.getMessage());
                }
                io.removeFifos(fifoDir, record.id());
                c = c.startFailed(now, "jcri restarted before the container's start completed");
            }
        }
        if (!c.state().equals(saved)) {
            files.write(c.id(), c.state());
        }
        return c;
    }

    private void reattach(Container c) {
        if (containers.stdio(c.id()).isPresent()) {
            return;
        }
        ContainerMetadata m = c.metadata();
        try {
            containers.putStdio(c.id(), io.open(ContainerStdioRequests.of(m, fifoDir, sandboxes.get(m.sandboxId()))));
        } catch (JcriException e) {
            log.warning("container " + c.id() + ": log not reattached: " + e.getMessage());
        }
    }
}
