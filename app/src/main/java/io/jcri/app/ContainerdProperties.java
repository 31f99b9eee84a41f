package io.jcri.app;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jcri.containerd.*}: which containerd jcri drives, and how.
 *
 * @param stateDir containerd's state directory (its {@code state} setting), read to end shims it lost; unused
 *     when managed
 * @param deadlines {@code jcri.containerd.deadlines.*}: how long each kind of call to containerd may take
 */
public record ContainerdProperties(
        @DefaultValue("/run/containerd/containerd.sock") Path socket,
        @DefaultValue("/run/containerd") Path stateDir,
        @DefaultValue("k8s.io") String namespace,
        boolean managed,
        @DefaultValue("containerd") String binary,
        @DefaultValue("30s") Duration startTimeout,
        @DefaultValue Deadlines deadlines) {

    /** The deadlines of containerd calls by kind (the adapter's {@code CallDeadlines}). */
    public record Deadlines(
            @DefaultValue("5s") Duration probe,
            @DefaultValue("30s") Duration metadata,
            @DefaultValue("2m") Duration process,
            @DefaultValue("30m") Duration transfer) {}
}
