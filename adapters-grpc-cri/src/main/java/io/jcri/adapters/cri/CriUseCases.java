package io.jcri.adapters.cri;

import io.jcri.adapters.cri.streaming.StreamingUrls;
import io.jcri.ports.in.Checkpointing;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.Metrics;
import io.jcri.ports.in.RuntimeEvents;
import io.jcri.ports.in.RuntimeStatus;
import io.jcri.ports.in.SandboxLifecycle;
import io.jcri.ports.in.Stats;
import java.util.Objects;

/** The use cases the CRI RuntimeService serves, every one given at construction. */
record CriUseCases(
        RuntimeStatus status,
        SandboxLifecycle sandboxes,
        ContainerLifecycle containers,
        StreamingUrls streaming,
        Stats stats,
        Metrics metrics,
        RuntimeEvents events,
        Checkpointing checkpointing) {

    CriUseCases {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sandboxes, "sandboxes");
        Objects.requireNonNull(containers, "containers");
        Objects.requireNonNull(streaming, "streaming");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(checkpointing, "checkpointing");
    }
}
