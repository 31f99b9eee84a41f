package io.jcri.adapters.cri;

import io.jcri.adapters.cri.streaming.StreamingServer;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.Metrics;
import io.jcri.ports.in.RuntimeEvents;
import io.jcri.ports.in.RuntimeStatus;
import io.jcri.ports.in.SandboxLifecycle;
import io.jcri.ports.in.Stats;
import java.util.Objects;

/**
 * The use cases the CRI RuntimeService serves, given once at construction. Status and the
 * sandbox verbs are always there; the others may be absent (a test serving only part of CRI),
 * and a call that needs an absent one answers UNAVAILABLE naming it.
 */
record CriUseCases(
        RuntimeStatus status,
        SandboxLifecycle sandboxes,
        ContainerLifecycle containers,
        StreamingServer streaming,
        Stats stats,
        Metrics metrics,
        RuntimeEvents events) {

    CriUseCases {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sandboxes, "sandboxes");
    }

    static CriUseCases of(RuntimeStatus status, SandboxLifecycle sandboxes) {
        return new CriUseCases(status, sandboxes, null, null, null, null, null);
    }

    CriUseCases withContainers(ContainerLifecycle lifecycle) {
        return new CriUseCases(status, sandboxes, lifecycle, streaming, stats, metrics, events);
    }

    CriUseCases withStreaming(StreamingServer server) {
        return new CriUseCases(status, sandboxes, containers, server, stats, metrics, events);
    }

    CriUseCases withStats(Stats service) {
        return new CriUseCases(status, sandboxes, containers, streaming, service, metrics, events);
    }

    CriUseCases withMetrics(Metrics service) {
        return new CriUseCases(status, sandboxes, containers, streaming, stats, service, events);
    }

    CriUseCases withEvents(RuntimeEvents bus) {
        return new CriUseCases(status, sandboxes, containers, streaming, stats, metrics, bus);
    }

    ContainerLifecycle requireContainers() {
        return require(containers, "the container lifecycle");
    }

    StreamingServer requireStreaming() {
        return require(streaming, "the streaming server");
    }

    Stats requireStats() {
        return require(stats, "the stats service");
    }

    Metrics requireMetrics() {
        return require(metrics, "the metrics service");
    }

    RuntimeEvents requireEvents() {
        return require(events, "the event bus");
    }

    private static <T> T require(T useCase, String what) {
        if (useCase == null) {
            throw new JcriException.Unavailable(what + " is not wired");
        }
        return useCase;
    }
}
