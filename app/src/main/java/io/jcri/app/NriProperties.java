package io.jcri.app;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jcri.nri.*}: the Node Resource Interface, containerd's plugin protocol. Off by default;
 * when on, jcri serves NRI plugins on {@code socket-path}. A plugin has {@code
 * registration-timeout} to register, and to answer Configure and Synchronize; each event call has
 * {@code request-timeout} (a plugin that misses it is disconnected).
 */
public record NriProperties(
        boolean enabled,
        @DefaultValue("/var/run/nri/nri.sock") Path socketPath,
        @DefaultValue("5s") Duration registrationTimeout,
        @DefaultValue("2s") Duration requestTimeout) {}
