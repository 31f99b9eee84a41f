package io.jcri.domain.oci;

import io.jcri.domain.container.DeviceNode;
import io.jcri.domain.container.ImageProcessDefaults;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the node knows about a container at creation, beyond its CRI config: its id, the sandbox
 * it belongs to (its placement and the pause process's pid, whose namespaces it joins), the pid
 * of the target container for {@code TARGET} PID namespaces, the image's config and user files,
 * the rootfs path, the device nodes found at the requested devices' host paths, which mount
 * sources lie on shared mounts, and whether its runtime handler makes recursive read-only mounts.
 *
 * @param targetPid the pid of the {@code target_id} container's process, or {@code 0} if none
 * @param deviceNodes device nodes by host path, as the caller found them with stat
 * @param sharedMountSources host paths of the CRI mounts whose containing mount is shared
 * @param recursiveReadOnlyMounts whether the runtime handler takes the {@code rro} mount option
 */
public record ContainerPlacement(
        String id,
        SandboxPlacement sandbox,
        long pausePid,
        long targetPid,
        ImageProcessDefaults image,
        String rootfsPath,
        @Nullable String passwd,
        @Nullable String group,
        Map<String, DeviceNode> deviceNodes,
        Set<String> sharedMountSources,
        boolean recursiveReadOnlyMounts) {

    public ContainerPlacement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(image, "image");
        rootfsPath = rootfsPath == null || rootfsPath.isEmpty() ? "rootfs" : rootfsPath;
        deviceNodes = Map.copyOf(deviceNodes == null ? Map.of() : deviceNodes);
        sharedMountSources = Set.copyOf(sharedMountSources == null ? Set.of() : sharedMountSources);
    }

    public static ContainerPlacement of(
            String id, SandboxPlacement sandbox, long pausePid, ImageProcessDefaults image) {
        return new ContainerPlacement(id, sandbox, pausePid, 0, image, "rootfs", null, null, Map.of(), Set.of(), false);
    }

    public ContainerPlacement withTargetPid(long value) {
        return new ContainerPlacement(
                id,
                sandbox,
                pausePid,
                value,
                image,
                rootfsPath,
                passwd,
                group,
                deviceNodes,
                sharedMountSources,
                recursiveReadOnlyMounts);
    }

    public ContainerPlacement withUserFiles(@Nullable String passwdText, @Nullable String groupText) {
        return new ContainerPlacement(
                id,
                sandbox,
                pausePid,
                targetPid,
                image,
                rootfsPath,
                passwdText,
                groupText,
                deviceNodes,
                sharedMountSources,
                recursiveReadOnlyMounts);
    }

    public ContainerPlacement withDeviceNodes(Map<String, DeviceNode> value) {
        return new ContainerPlacement(
                id,
                sandbox,
                pausePid,
                targetPid,
                image,
                rootfsPath,
                passwd,
                group,
                value,
                sharedMountSources,
                recursiveReadOnlyMounts);
    }

    public ContainerPlacement withSharedMountSources(Set<String> value) {
        return new ContainerPlacement(
                id,
                sandbox,
                pausePid,
                targetPid,
                image,
                rootfsPath,
                passwd,
                group,
                deviceNodes,
                value,
                recursiveReadOnlyMounts);
    }

    public ContainerPlacement withRootfsPath(String value) {
        return new ContainerPlacement(
                id,
                sandbox,
                pausePid,
                targetPid,
                image,
                value,
                passwd,
                group,
                deviceNodes,
                sharedMountSources,
                recursiveReadOnlyMounts);
    }

    public ContainerPlacement withRecursiveReadOnlyMounts(boolean value) {
        return new ContainerPlacement(
                id,
                sandbox,
                pausePid,
                targetPid,
                image,
                rootfsPath,
                passwd,
                group,
                deviceNodes,
                sharedMountSources,
                value);
    }
}
