package io.jcri.domain.oci;

import io.jcri.domain.container.ImageProcessDefaults;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a pod sandbox lands on this node: its id, the pause image's config, the rootfs path, the
 * pinned network namespace file ({@code null} for host network), the host-side /dev/shm it gets
 * ({@code null}: a private 64 MiB tmpfs), the hostname/hosts/resolv.conf files written for it
 * ({@code null}: none). Built with {@link #of} and the withers, so no caller spells the absent
 * parts as positional {@code null}s. (The pause image's user is numeric or unset: no user files.)
 */
public record SandboxPlacement(
        String id,
        ImageProcessDefaults image,
        String rootfsPath,
        @Nullable String netnsPath,
        @Nullable String shmPath,
        @Nullable String hostnamePath,
        @Nullable String hostsPath,
        @Nullable String resolvConfPath) {

    public SandboxPlacement {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        rootfsPath = rootfsPath == null || rootfsPath.isEmpty() ? "rootfs" : rootfsPath;
    }

    /** A placement with only the id, the image and the netns; everything else absent. */
    public static SandboxPlacement of(String id, ImageProcessDefaults image, @Nullable String netnsPath) {
        return new SandboxPlacement(id, image, "rootfs", netnsPath, null, null, null, null);
    }

    public SandboxPlacement withShmPath(@Nullable String value) {
        return new SandboxPlacement(id, image, rootfsPath, netnsPath, value, hostnamePath, hostsPath, resolvConfPath);
    }

    public SandboxPlacement withFiles(@Nullable String hostname, @Nullable String hosts, @Nullable String resolvConf) {
        return new SandboxPlacement(id, image, rootfsPath, netnsPath, shmPath, hostname, hosts, resolvConf);
    }

    public SandboxPlacement withRootfsPath(String value) {
        return new SandboxPlacement(id, image, value, netnsPath, shmPath, hostnamePath, hostsPath, resolvConfPath);
    }
}
