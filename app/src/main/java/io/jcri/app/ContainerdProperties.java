package io.jcri.app;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jcri.containerd.*}: which containerd jcri drives, and how.
 *
 * @param stateDir containerd's state directory (its {@code state} setting), read to end shims it lost; unused
 *     when managed
 */
public record ContainerdProperties(
        @DefaultValue("/run/containerd/containerd.sock") Path socket,
        @DefaultValue("/run/containerd") Path stateDir,
        @DefaultValue("k8s.io") String namespace,
        boolean managed,
        @DefaultValue("containerd") String binary,
        @DefaultValue("30s") Duration startTimeout) {}
