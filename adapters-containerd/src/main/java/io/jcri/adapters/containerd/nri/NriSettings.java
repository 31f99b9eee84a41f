package io.jcri.adapters.containerd.nri;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where jcri serves NRI and how long it waits: a plugin has {@code registrationTimeout} to
 * register after connecting, and to answer Configure and Synchronize; every other call has
 * {@code requestTimeout}. {@code runtimeName} and {@code runtimeVersion} are what plugins are told
 * in Configure.
 */
public record NriSettings(
        Path socketPath,
        Duration registrationTimeout,
        Duration requestTimeout,
        String runtimeName,
        String runtimeVersion) {
    public NriSettings {
        Objects.requireNonNull(socketPath, "socketPath");
        if (registrationTimeout.isNegative() || registrationTimeout.isZero()) {
            throw new IllegalArgumentException("NRI registration timeout must be positive, got " + registrationTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("NRI request timeout must be positive, got " + requestTimeout);
        }
    }
}
