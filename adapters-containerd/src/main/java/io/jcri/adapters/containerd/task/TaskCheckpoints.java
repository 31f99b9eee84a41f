package io.jcri.adapters.containerd.task;

import com.google.protobuf.Any;
import io.jcri.adapters.containerd.client.ContainerdClient;
import io.jcri.adapters.containerd.client.Tasks;
import io.jcri.containerd.api.runc.v1.CheckpointOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * containerd's Tasks.Checkpoint for runc tasks: CRIU dumps the task's processes into an image
 * directory jcri names (so containerd writes nothing to its content store), and the task keeps
 * running.
 */
public final class TaskCheckpoints {
    static final String RUNC_CHECKPOINT_OPTIONS = "containerd.runc.v1.CheckpointOptions";

    private final Tasks tasks;

    public TaskCheckpoints(ContainerdClient client) {
        this.tasks = new Tasks(client);
    }

    /**
     * Dumps the task of {@code containerId} into {@code imageDir} (CRIU's images), with CRIU's
     * scratch files in {@code workDir}.
     *
     * @throws io.jcri.domain.error.JcriException as containerd answered (its message holds runc's
     *     and CRIU's reason)
     */
    public void dump(String containerId, Path imageDir, Path workDir, Duration timeout) {
        CheckpointOptions options = options(imageDir, workDir);
        tasks.checkpoint(
                containerId,
                Any.newBuilder()
                        .setTypeUrl(RUNC_CHECKPOINT_OPTIONS)
                        .setValue(options.toByteString())
                        .build(),
                timeout);
    }

    /** Leave the task running; established TCP and external unix sockets are kept (as the kubelet's). */
    static CheckpointOptions options(Path imageDir, Path workDir) {
        return CheckpointOptions.newBuilder()
                .setExit(false)
                .setOpenTcp(true)
                .setExternalUnixSockets(true)
                .setFileLocks(true)
                .setImagePath(imageDir.toString())
                .setWorkPath(workDir.toString())
                .build();
    }
}
