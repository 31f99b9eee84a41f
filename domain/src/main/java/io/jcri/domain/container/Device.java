package io.jcri.domain.container;

import java.util.Objects;

/**
 * A host device the CRI asks to expose in a container. {@code permissions} is a combination of
 * {@code r}, {@code w} and {@code m} (read, write, mknod); empty means {@code rwm}.
 */
public record Device(String containerPath, String hostPath, String permissions) {
    public Device {
        Objects.requireNonNull(hostPath, "hostPath");
        containerPath = containerPath == null || containerPath.isEmpty() ? hostPath : containerPath;
        permissions = permissions == null || permissions.isEmpty() ? "rwm" : permissions;
    }
}
