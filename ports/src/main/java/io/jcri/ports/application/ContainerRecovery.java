package io.jcri.ports.application;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.container.Signals;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.domain.task.ProcessExit;
import io.jcri.domain.task.ProcessState;
import io.jcri.domain.task.StdioRequest;
import io.jcri.domain.task.TaskStatus;
import io.jcri.ports.out.ContainerDocuments;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.ContainerStatusFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Rebuilds the container cache when jcri starts: the engine's records labelled as jcri's
 * containers decide what exists; each one's status file says what it last was, and its task
 * what it is now. A running task gets its log writer back and a waiter; a task that exited while
 * jcri was down is deleted and its real exit code recorded; a container whose task vanished is
 * reported exited with code 255. Status files and FIFOs that belong to no container are removed.
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

    public ContainerRecovery(
            ContainerRuntime runtime,
            ContainerIo io,
            ContainerStatusFiles files,
            ContainerDocuments documents,
            Containers containers,
            ContainerExits exits,
            Clock clock,
            Path fifoDir) {
        this.runtime = runtime;
        this.io = io;
        this.files = files;
        this.documents = documents;
        this.containers = containers;
        this.exits = exits;
        this.clock = clock;
        this.fifoDir = fifoDir;
    }

    /** Rebuilds the cache; returns how many containers were recovered. */
    public int recover() {
        List<ContainerRecord> records = runtime.listContainers(ContainerLabels.SELECT_CONTAINERS);
        Set<String> known = new HashSet<>();
        for (ContainerRecord record : records) {
            try {
                Container c = recoverOne(record, runtime.task(record.id()));
                containers.names().reserve(c.metadata().reservedName(), c.id());
                containers.put(c);
                known.add(c.id());
                if (c.running()) {
                    exits.watch(c.id());
                }
            } catch (RuntimeException e) {
                log.warning("container " + record.id() + " not recovered: " + e.getMessage());
            }
        }
        for (String id : files.containerIds()) {
            if (!known.contains(id)) {
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
            boolean live = containers.stdio(owner).isPresent();
            if (!live) {
                io.removeFifos(fifoDir, owner);
            }
        }
        return known.size();
    }

    private Container recoverOne(ContainerRecord record, Optional<ProcessState> task) {
        String json = record.extensions().get(ContainerLabels.METADATA_EXTENSION);
        if (json == null) {
            throw new JcriException.InvalidArgument("its record has no " + ContainerLabels.METADATA_EXTENSION);
        }
        ContainerMetadata metadata = documents.decodeMetadata(json);
        String resources = record.label(ContainerLabels.RESOURCES);
        LinuxResources r = resources.isEmpty() ? LinuxResources.NONE : documents.decodeResources(resources);
        ContainerState saved = files.read(record.id()).orElse(ContainerState.CREATED);
        Container c = new Container(metadata, r, saved);
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
        ContainerMetadata m = c.metadata();
        try {
            containers.putStdio(
                    c.id(),
                    io.open(new StdioRequest(
                            c.id(), fifoDir, m.logPath().isEmpty() ? null : Path.of(m.logPath()), m.stdin(), m.tty())));
        } catch (JcriException e) {
            log.warning("container " + c.id() + ": log not reattached: " + e.getMessage());
        }
    }
}
