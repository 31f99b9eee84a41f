package io.jcri.domain.container;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What never changes about a container after CreateContainer; kept on its engine record, the
 * truth on recovery.
 *
 * @param imageName the image as status names it: as the kubelet named it, but an image ID is
 *     replaced by the image's first repo tag when it has one
 * @param imageId the image's ID (config digest)
 * @param imageRef the reference status reports as {@code image_ref}: a repo digest when the
 *     image has one, else its ID
 * @param logPath the full path of its CRI log (the sandbox's log directory + the config's
 *     log_path), or empty for none
 * @param stopSignal the signal StopContainer sends first (the CRI's, else the image's, else
 *     SIGTERM)
 * @param runtimeHandler the sandbox's runtime handler
 * @param snapshotter where its rootfs snapshot lives (the snapshot's key is its id)
 * @param user who its process runs as
 * @param imageRequest the rest of CreateContainer's ImageSpec, given back by status
 */
public record ContainerMetadata(
        String id,
        String sandboxId,
        String name,
        int attempt,
        String imageName,
        String imageId,
        String imageRef,
        Instant createdAt,
        String logPath,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<ContainerMount> mounts,
        boolean tty,
        boolean stdin,
        boolean stdinOnce,
        int stopSignal,
        String runtimeHandler,
        String snapshotter,
        ProcessUser user,
        ImageRequest imageRequest) {

    public ContainerMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sandboxId, "sandboxId");
        Objects.requireNonNull(name, "name");
        imageName = imageName == null ? "" : imageName;
        imageId = imageId == null ? "" : imageId;
        imageRef = imageRef == null ? "" : imageRef;
        Objects.requireNonNull(createdAt, "createdAt");
        logPath = logPath == null ? "" : logPath;
        labels = Map.copyOf(labels == null ? Map.of() : labels);
        annotations = Map.copyOf(annotations == null ? Map.of() : annotations);
        mounts = List.copyOf(mounts == null ? List.of() : mounts);
        runtimeHandler = runtimeHandler == null ? "" : runtimeHandler;
        snapshotter = snapshotter == null ? "" : snapshotter;
        user = user == null ? ProcessUser.ROOT : user;
        imageRequest = imageRequest == null ? ImageRequest.NONE : imageRequest;
    }

    public ContainerMetadata withUser(ProcessUser value) {
        return new ContainerMetadata(
                id,
                sandboxId,
                name,
                attempt,
                imageName,
                imageId,
                imageRef,
                createdAt,
                logPath,
                labels,
                annotations,
                mounts,
                tty,
                stdin,
                stdinOnce,
                stopSignal,
                runtimeHandler,
                snapshotter,
                value,
                imageRequest);
    }

    /** The name reserved in the sandbox: two containers of one sandbox cannot share it. */
    public String reservedName() {
        return reservedName(sandboxId, name, attempt);
    }

    public static String reservedName(String sandboxId, String name, int attempt) {
        return name + "_" + sandboxId + "_" + attempt;
    }
}
