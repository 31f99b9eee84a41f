package io.jcri.adapters.containerd.client;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jcri.containerd.api.runc.v1.ProcessDetails;
import io.jcri.containerd.api.services.tasks.v1.CheckpointTaskRequest;
import io.jcri.containerd.api.services.tasks.v1.CloseIORequest;
import io.jcri.containerd.api.services.tasks.v1.CreateTaskRequest;
import io.jcri.containerd.api.services.tasks.v1.DeleteProcessRequest;
import io.jcri.containerd.api.services.tasks.v1.DeleteResponse;
import io.jcri.containerd.api.services.tasks.v1.DeleteTaskRequest;
import io.jcri.containerd.api.services.tasks.v1.ExecProcessRequest;
import io.jcri.containerd.api.services.tasks.v1.GetRequest;
import io.jcri.containerd.api.services.tasks.v1.KillRequest;
import io.jcri.containerd.api.services.tasks.v1.ListPidsRequest;
import io.jcri.containerd.api.services.tasks.v1.ListTasksRequest;
import io.jcri.containerd.api.services.tasks.v1.MetricsRequest;
import io.jcri.containerd.api.services.tasks.v1.ResizePtyRequest;
import io.jcri.containerd.api.services.tasks.v1.StartRequest;
import io.jcri.containerd.api.services.tasks.v1.TasksGrpc;
import io.jcri.containerd.api.services.tasks.v1.UpdateTaskRequest;
import io.jcri.containerd.api.services.tasks.v1.WaitRequest;
import io.jcri.containerd.api.services.tasks.v1.WaitResponse;
import io.jcri.containerd.api.v1.types.Process;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.oci.OciSpec;
import io.jcri.domain.task.Mount;
import io.jcri.domain.task.ProcessExit;
import io.jcri.domain.task.ProcessState;
import io.jcri.domain.task.TaskIo;
import io.jcri.domain.task.TaskMetrics;
import io.jcri.domain.task.TaskProcess;
import io.jcri.domain.task.TaskStatus;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * containerd's Tasks service: a container's init process and exec processes in it. Calls that
 * start, stop or change a process are detached (see {@link ContainerdClient#callDetached}) under
 * the process deadline (Kill, Get, Update, ResizePty and CloseIO under the metadata one); List,
 * ListPids and Metrics run in the caller's context; Wait and Checkpoint take the caller's timeout.
 */
public final class Tasks {
    private final Calls calls;

    public Tasks(ContainerdClient client) {
        this(new Calls(client));
    }

    private Tasks(Calls calls) {
        this.calls = calls;
    }

    /** The same service, its calls sending {@code leaseId}. */
    public Tasks leased(String leaseId) {
        return new Tasks(calls.leased(leaseId));
    }

    private Duration metadata() {
        return calls.deadlines().metadata();
    }

    private Duration process() {
        return calls.deadlines().process();
    }

    private static String name(String containerId, String execId) {
        return execId == null || execId.isEmpty()
                ? "task " + containerId
                : "exec process " + execId + " of task " + containerId;
    }

    public int create(String containerId, List<Mount> rootfs, TaskIo io) {
        CreateTaskRequest.Builder req = CreateTaskRequest.newBuilder()
                .setContainerId(containerId)
                .setStdin(io.stdin())
                .setStdout(io.stdout())
                .setStderr(io.stderr())
                .setTerminal(io.terminal());
        rootfs.forEach(m -> req.addRootfs(Protos.mount(m)));
        return calls.detached(TasksGrpc.getCreateMethod(), req.build(), process(), containerId)
                .getPid();
    }

    public int start(String containerId, String execId) {
        return calls.detached(
                        TasksGrpc.getStartMethod(),
                        StartRequest.newBuilder()
                                .setContainerId(containerId)
                                .setExecId(execId)
                                .build(),
                        process(),
                        name(containerId, execId))
                .getPid();
    }

    public boolean kill(String containerId, String execId, int signal, boolean all) {
        try {
            calls.detached(
                    TasksGrpc.getKillMethod(),
                    KillRequest.newBuilder()
                            .setContainerId(containerId)
                            .setExecId(execId)
                            .setSignal(signal)
                            .setAll(all)
                            .build(),
                    metadata(),
                    name(containerId, execId) + " signal " + signal);
            return true;
        } catch (JcriException.NotFound e) {
            return false;
        }
    }

    public Optional<ProcessExit> delete(String containerId) {
        try {
            DeleteResponse r = calls.detached(
                    TasksGrpc.getDeleteMethod(),
                    DeleteTaskRequest.newBuilder().setContainerId(containerId).build(),
                    process(),
                    containerId);
            return Optional.of(new ProcessExit(r.getPid(), r.getExitStatus(), Protos.instant(r.getExitedAt())));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        } catch (JcriException e) {
            throw stillRunning(containerId, "", e);
        }
    }

    public Optional<ProcessExit> deleteProcess(String containerId, String execId) {
        try {
            DeleteResponse r = calls.detached(
                    TasksGrpc.getDeleteProcessMethod(),
                            DeleteProcessRequest.newBuilder()
                                    .setContainerId(containerId)
                                    .setExecId(execId)
                                    .build(),
                    process(), name(containerId, execId));
            return Optional.of(new ProcessExit(r.getPid(), r.getExitStatus(), Protos.instant(r.getExitedAt())));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        } catch (JcriException e) {
            throw stillRunning(containerId, execId, e);
        }
    }

    /** containerd reports deleting a live process as an unknown error: say what it was. */
    private JcriException stillRunning(String containerId, String execId, JcriException e) {
        if (e instanceof JcriException.Unavailable) {
            return e;
        }
        Optional<ProcessState> now;
        try {
            now = get(containerId, execId);
        } catch (JcriException again) {
            return e;
        }
        if (now.isPresent()
                && now.get().status() != TaskStatus.STOPPED
                && now.get().status() != TaskStatus.CREATED) {
            return new JcriException.FailedPrecondition(name(containerId, execId) + " is still "
                    + now.get().status().name().toLowerCase() + " (pid "
                    + now.get().pid() + "): kill it first");
        }
        return e;
    }

    public Optional<ProcessState> get(String containerId, String execId) {
        try {
            Process p = calls.detached(
                            TasksGrpc.getGetMethod(),
                            GetRequest.newBuilder()
                                    .setContainerId(containerId)
                                    .setExecId(execId)
                                    .build(),
                            metadata(),
                            name(containerId, execId))
                    .getProcess();
            return Optional.of(state(p, containerId, execId));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
    }

    public List<ProcessState> list() {
        return calls
                .unary(TasksGrpc.getListMethod(), ListTasksRequest.getDefaultInstance(), metadata(), "")
                .getTasksList()
                .stream()
                .map(p -> state(p, p.getContainerId().isEmpty() ? p.getId() : p.getContainerId(), ""))
                .toList();
    }

    private static ProcessState state(Process p, String containerId, String execId) {
        TaskStatus status = switch (p.getStatus()) {
            case CREATED -> TaskStatus.CREATED;
            case RUNNING -> TaskStatus.RUNNING;
            case STOPPED -> TaskStatus.STOPPED;
            case PAUSED -> TaskStatus.PAUSED;
            case PAUSING -> TaskStatus.PAUSING;
            default -> TaskStatus.UNKNOWN;
        };
        return new ProcessState(
                containerId,
                execId,
                p.getPid(),
                status,
                new TaskIo(p.getStdin(), p.getStdout(), p.getStderr(), p.getTerminal()),
                p.getExitStatus(),
                p.hasExitedAt() && status == TaskStatus.STOPPED ? Protos.instant(p.getExitedAt()) : null);
    }

    public ProcessExit await(String containerId, String execId, Duration timeout) {
        long start = System.nanoTime();
        try {
            WaitResponse r = calls.detached(
                    TasksGrpc.getWaitMethod(),
                    WaitRequest.newBuilder()
                            .setContainerId(containerId)
                            .setExecId(execId)
                            .build(),
                    timeout,
                    name(containerId, execId));
            // Wait's answer has no pid, and no caller needs one: no Tasks.Get round trip for it
            return new ProcessExit(0, r.getExitStatus(), Protos.instant(r.getExitedAt()));
        } catch (JcriException e) {
            throw expired(e, start, timeout, containerId, execId);
        }
    }

    /**
     * As {@link #await}, holding no thread while the process runs; the exit's pid is 0 (the
     * caller knows it). Fails with the same exceptions, in the future.
     */
    public CompletableFuture<ProcessExit> awaitAsync(String containerId, String execId, Duration timeout) {
        long start = System.nanoTime();
        WaitRequest request = WaitRequest.newBuilder()
                .setContainerId(containerId)
                .setExecId(execId)
                .build();
        CompletableFuture<ProcessExit> exit = new CompletableFuture<>();
        calls.async(TasksGrpc.getWaitMethod(), request, timeout, name(containerId, execId))
                .whenComplete((r, failure) -> {
                    if (failure == null) {
                        exit.complete(new ProcessExit(0, r.getExitStatus(), Protos.instant(r.getExitedAt())));
                    } else if (failure instanceof JcriException e) {
                        exit.completeExceptionally(expired(e, start, timeout, containerId, execId));
                    } else {
                        exit.completeExceptionally(failure);
                    }
                });
        return exit;
    }

    /** A Wait's failure, a deadline that containerd passed on to the shim as DeadlineExceeded. */
    private static JcriException expired(
            JcriException e, long start, Duration timeout, String containerId, String execId) {
        // containerd passes the deadline on to the shim, whose expiry comes back as "unknown"
        boolean expired = e instanceof JcriException.DeadlineExceeded
                || (e instanceof JcriException.Internal
                        && String.valueOf(e.getMessage()).contains("deadline exceeded")
                        && System.nanoTime() - start >= timeout.toNanos() / 2);
        return expired
                ? new JcriException.DeadlineExceeded(
                        name(containerId, execId) + " did not exit within " + timeout.toMillis() + "ms")
                : e;
    }

    public void update(String containerId, OciSpec.Resources resources) {
        calls.detached(
                TasksGrpc.getUpdateMethod(),
                UpdateTaskRequest.newBuilder()
                        .setContainerId(containerId)
                        .setResources(Any.newBuilder()
                                .setTypeUrl(TypeUrls.OCI_LINUX_RESOURCES)
                                .setValue(ByteString.copyFromUtf8(resources.toJson())))
                        .build(),
                metadata(),
                containerId);
    }

    public List<TaskProcess> pids(String containerId) {
        return calls
                .unary(
                        TasksGrpc.getListPidsMethod(),
                        ListPidsRequest.newBuilder().setContainerId(containerId).build(),
                        metadata(),
                        containerId)
                .getProcessesList()
                .stream()
                .map(p -> new TaskProcess(p.getPid(), execId(p.getInfo())))
                .toList();
    }

    private static String execId(Any info) {
        if (!info.getTypeUrl().endsWith(TypeUrls.RUNC_PROCESS_DETAILS)) {
            return "";
        }
        try {
            return ProcessDetails.parseFrom(info.getValue()).getExecId();
        } catch (InvalidProtocolBufferException e) {
            return "";
        }
    }

    public List<TaskMetrics> metrics(Collection<String> containerIds) {
        MetricsRequest.Builder req = MetricsRequest.newBuilder();
        containerIds.forEach(id -> req.addFilters("id==" + Protos.quote(id)));
        return calls.unary(TasksGrpc.getMetricsMethod(), req.build(), metadata(), "").getMetricsList().stream()
                .map(m -> new TaskMetrics(
                        m.getId(),
                        Protos.instant(m.getTimestamp()),
                        m.getData().getTypeUrl(),
                        m.getData().getValue().toByteArray()))
                .toList();
    }

    public void exec(String containerId, String execId, ExecProcess process, TaskIo io) {
        try {
            execCall(containerId, execId, process, io);
        } catch (JcriException.NotFound | JcriException.AlreadyExists | JcriException.Unavailable e) {
            throw e;
        } catch (JcriException e) {
            Optional<ProcessState> task = get(containerId, "");
            if (task.isPresent() && task.get().status() != TaskStatus.RUNNING) {
                throw new JcriException.FailedPrecondition("cannot exec " + execId + " in task " + containerId
                        + ": it is " + task.get().status().name().toLowerCase() + ", not running");
            }
            throw e;
        }
    }

    private void execCall(String containerId, String execId, ExecProcess process, TaskIo io) {
        calls.detached(
                TasksGrpc.getExecMethod(),
                ExecProcessRequest.newBuilder()
                        .setContainerId(containerId)
                        .setExecId(execId)
                        .setStdin(io.stdin())
                        .setStdout(io.stdout())
                        .setStderr(io.stderr())
                        .setTerminal(io.terminal())
                        .setSpec(Any.newBuilder()
                                .setTypeUrl(TypeUrls.OCI_PROCESS)
                                .setValue(ByteString.copyFromUtf8(process.toJson())))
                        .build(),
                process(),
                name(containerId, execId));
    }

    public void resizePty(String containerId, String execId, int width, int height) {
        calls.detached(
                TasksGrpc.getResizePtyMethod(),
                ResizePtyRequest.newBuilder()
                        .setContainerId(containerId)
                        .setExecId(execId)
                        .setWidth(width)
                        .setHeight(height)
                        .build(),
                metadata(),
                name(containerId, execId));
    }

    public void closeStdin(String containerId, String execId) {
        calls.detached(
                TasksGrpc.getCloseIOMethod(),
                CloseIORequest.newBuilder()
                        .setContainerId(containerId)
                        .setExecId(execId)
                        .setStdin(true)
                        .build(),
                metadata(),
                name(containerId, execId));
    }

    /** Tasks.Checkpoint of {@code containerId} with runc's {@code options}, detached, within {@code timeout}. */
    public void checkpoint(String containerId, Any options, Duration timeout) {
        calls.detached(
                TasksGrpc.getCheckpointMethod(),
                CheckpointTaskRequest.newBuilder()
                        .setContainerId(containerId)
                        .setOptions(options)
                        .build(),
                timeout,
                "task " + containerId);
    }
}
