package io.jcri.app;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code jcri.nri.*}: the Node Resource Interface, containerd's plugin protocol. Off by default;
 * when on, jcri serves NRI plugins on {@code socket-path}. A plugin has {@code
 * registration-timeout} to register, and to answer Configure and Synchronize; each event call has
 * {@code request-timeout} (a plugin that misses it is disconnected).
 */
public class NriProperties {
    private boolean enabled;
    private Path socketPath = Path.of("/var/run/nri/nri.sock");
    private Duration registrationTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(2);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Path getSocketPath() {
        return socketPath;
    }

    public void setSocketPath(Path socketPath) {
        this.socketPath = socketPath;
    }

    public Duration getRegistrationTimeout() {
        return registrationTimeout;
    }

    public void setRegistrationTimeout(Duration registrationTimeout) {
        this.registrationTimeout = registrationTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }
}
