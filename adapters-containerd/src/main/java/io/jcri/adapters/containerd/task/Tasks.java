package io.jcri.adapters.containerd.task;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Channel;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.containerd.api.runc.v1.ProcessDetails;
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
import java.util.concurrent.TimeUnit;

/** containerd's Tasks service: a container's init process and exec processes in it. */
final class Tasks {
    private final ContainerdClient client;
    private final Channel channel;

    Tasks(ContainerdClient client, Channel channel) {
        this.client = client;
        this.channel = channel;
    }

    private TasksGrpc.TasksBlockingStub stub(long deadlineMs) {
        return TasksGrpc.newBlockingStub(channel).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
    }

    private static String name(String containerId, String execId) {
        return execId == null || execId.isEmpty()
                ? "task " + containerId
                : "exec process " + execId + " of task " + containerId;
    }

    int create(String containerId, List<Mount> rootfs, TaskIo io) {
        CreateTaskRequest.Builder req = CreateTaskRequest.newBuilder()
                .setContainerId(containerId)
                .setStdin(io.stdin())
                .setStdout(io.stdout())
                .setStderr(io.stderr())
                .setTerminal(io.terminal());
        rootfs.forEach(m -> req.addRootfs(Protos.mount(m)));
        return client.callDetached(
                        "Tasks.Create " + containerId,
                        () -> stub(Deadlines.LONG_MS).create(req.build()))
                .getPid();
    }

    int start(String containerId, String execId) {
        return client.callDetached(
                        "Tasks.Start " + name(containerId, execId),
                        () -> stub(Deadlines.LONG_MS)
                                .start(StartRequest.newBuilder()
                                        .setContainerId(containerId)
                                        .setExecId(execId)
                                        .build()))
                .getPid();
    }

    boolean kill(String containerId, String execId, int signal, boolean all) {
        try {
            client.callDetached(
                    "Tasks.Kill " + name(containerId, execId) + " signal " + signal,
                    () -> stub(Deadlines.SHORT_MS)
                            .kill(KillRequest.newBuilder()
                                    .setContainerId(containerId)
                                    .setExecId(execId)
                                    .setSignal(signal)
                                    .setAll(all)
                                    .build()));
            return true;
        } catch (JcriException.NotFound e) {
            return false;
        }
    }

    Optional<ProcessExit> delete(String containerId) {
        try {
            DeleteResponse r = client.callDetached(
                    "Tasks.Delete " + containerId,
                    () -> stub(Deadlines.LONG_MS)
                            .delete(DeleteTaskRequest.newBuilder()
                                    .setContainerId(containerId)
                                    .build()));
            return Optional.of(new ProcessExit(r.getPid(), r.getExitStatus(), Protos.instant(r.getExitedAt())));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        } catch (JcriException e) {
            throw stillRunning(containerId, "", e);
        }
    }

    Optional<ProcessExit> deleteProcess(String containerId, String execId) {
        try {
            DeleteResponse r = client.callDetached(
                    "Tasks.DeleteProcess " + name(containerId, execId),
                    () -> stub(Deadlines.LONG_MS)
                            .deleteProcess(DeleteProcessRequest.newBuilder()
                                    .setContainerId(containerId)
                                    .setExecId(execId)
                                    .build()));
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

    Optional<ProcessState> get(String containerId, String execId) {
        try {
            Process p = client.callDetached(
                            "Tasks.Get " + name(containerId, execId),
                            () -> stub(Deadlines.SHORT_MS)
                                    .get(GetRequest.newBuilder()
                                            .setContainerId(containerId)
                                            .setExecId(execId)
                                            .build()))
                    .getProcess();
            return Optional.of(state(p, containerId, execId));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
    }

    List<ProcessState> list() {
        return client
                .call("Tasks.List", () -> stub(Deadlines.SHORT_MS).list(ListTasksRequest.getDefaultInstance()))
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

    ProcessExit await(String containerId, String execId, Duration timeout) {
        long start = System.nanoTime();
        try {
            WaitResponse r = client.callDetached(
                    "Tasks.Wait " + name(containerId, execId),
                    () -> stub(Math.max(1, timeout.toMillis()))
                            .wait(WaitRequest.newBuilder()
                                    .setContainerId(containerId)
                                    .setExecId(execId)
                                    .build()));
            int pid = get(containerId, execId).map(ProcessState::pid).orElse(0);
            return new ProcessExit(pid, r.getExitStatus(), Protos.instant(r.getExitedAt()));
        } catch (JcriException e) {
            // containerd passes the deadline on to the shim, whose expiry comes back as "unknown"
            boolean expired = e instanceof JcriException.DeadlineExceeded
                    || (e instanceof JcriException.Internal
                            && String.valueOf(e.getMessage()).contains("deadline exceeded")
                            && System.nanoTime() - start >= timeout.toNanos() / 2);
            if (expired) {
                throw new JcriException.DeadlineExceeded(
                        name(containerId, execId) + " did not exit within " + timeout.toMillis() + "ms");
            }
            throw e;
        }
    }

    void update(String containerId, String linuxResourcesJson) {
        client.callDetached(
                "Tasks.Update " + containerId,
                () -> stub(Deadlines.SHORT_MS)
                        .update(UpdateTaskRequest.newBuilder()
                                .setContainerId(containerId)
                                .setResources(Any.newBuilder()
                                        .setTypeUrl(TypeUrls.OCI_LINUX_RESOURCES)
                                        .setValue(ByteString.copyFromUtf8(linuxResourcesJson)))
                                .build()));
    }

    List<TaskProcess> pids(String containerId) {
        return client
                .call(
                        "Tasks.ListPids " + containerId,
                        () -> stub(Deadlines.SHORT_MS)
                                .listPids(ListPidsRequest.newBuilder()
                                        .setContainerId(containerId)
                                        .build()))
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

    List<TaskMetrics> metrics(Collection<String> containerIds) {
        MetricsRequest.Builder req = MetricsRequest.newBuilder();
        containerIds.forEach(id -> req.addFilters("id==" + Protos.quote(id)));
        return client
                .call("Tasks.Metrics", () -> stub(Deadlines.SHORT_MS).metrics(req.build()))
                .getMetricsList()
                .stream()
                .map(m -> new TaskMetrics(
                        m.getId(),
                        Protos.instant(m.getTimestamp()),
                        m.getData().getTypeUrl(),
                        m.getData().getValue().toByteArray()))
                .toList();
    }

    void exec(String containerId, String execId, String processJson, TaskIo io) {
        try {
            execCall(containerId, execId, processJson, io);
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

    private void execCall(String containerId, String execId, String processJson, TaskIo io) {
        client.callDetached(
                "Tasks.Exec " + name(containerId, execId),
                () -> stub(Deadlines.LONG_MS)
                        .exec(ExecProcessRequest.newBuilder()
                                .setContainerId(containerId)
                                .setExecId(execId)
                                .setStdin(io.stdin())
                                .setStdout(io.stdout())
                                .setStderr(io.stderr())
                                .setTerminal(io.terminal())
                                .setSpec(Any.newBuilder()
                                        .setTypeUrl(TypeUrls.OCI_PROCESS)
                                        .setValue(ByteString.copyFromUtf8(processJson)))
                                .build()));
    }

    void resizePty(String containerId, String execId, int width, int height) {
        client.callDetached(
                "Tasks.ResizePty " + name(containerId, execId),
                () -> stub(Deadlines.SHORT_MS)
                        .resizePty(ResizePtyRequest.newBuilder()
                                .setContainerId(containerId)
                                .setExecId(execId)
                                .setWidth(width)
                                .setHeight(height)
                                .build()));
    }

    void closeStdin(String containerId, String execId) {
        client.callDetached(
                "Tasks.CloseIO " + name(containerId, execId),
                () -> stub(Deadlines.SHORT_MS)
                        .closeIO(CloseIORequest.newBuilder()
                                .setContainerId(containerId)
                                .setExecId(execId)
                                .setStdin(true)
                                .build()));
    }
}
