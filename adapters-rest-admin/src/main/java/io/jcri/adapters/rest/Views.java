package io.jcri.adapters.rest;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.image.Image;
import io.jcri.domain.sandbox.Sandbox;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The admin API's JSON shapes, one record per resource, and the mapping from the domain. */
final class Views {
    private Views() {}

    record Page<T>(List<T> items, int page, int size, int total) {}

    record PodSummary(
            String id,
            String name,
            String namespace,
            String uid,
            int attempt,
            String state,
            List<String> ips,
            Instant createdAt,
            long ageSeconds,
            String runtimeHandler,
            Map<String, String> labels,
            int containers) {}

    record PodDetail(
            PodSummary pod,
            String network,
            String netns,
            boolean hostNetwork,
            String image,
            Map<String, String> annotations,
            List<ContainerSummary> containers,
            List<TimelineEntry> timeline,
            Map<String, Long> phases) {}

    record ContainerSummary(
            String id,
            String podId,
            String name,
            int attempt,
            String state,
            String image,
            String imageId,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt,
            Integer exitCode,
            String reason,
            String message,
            int restarts,
            int pid,
            String logPath,
            Map<String, String> labels) {}

    record TimelineEntry(
            Instant at, String event, String subject, String id, long sinceStartMillis, Map<String, String> details) {}

    record ImageSummary(
            String id,
            List<String> repoTags,
            List<String> repoDigests,
            long size,
            boolean pinned,
            String user,
            List<String> entrypoint,
            List<String> cmd) {}

    record LogLine(Instant time, String stream, String message) {}

    record EventView(String type, String subject, String id, String podId, Instant at, Map<String, String> details) {}

    static PodSummary pod(Sandbox s, int containers, Instant now) {
        return new PodSummary(
                s.id(),
                s.config().name(),
                s.config().namespace(),
                s.config().uid(),
                s.config().attempt(),
                s.state().phase().label(),
                s.podIps().map(ips -> ips.all()).orElse(List.of()),
                s.createdAt(),
                Math.max(0, Duration.between(s.createdAt(), now).toSeconds()),
                s.runtimeHandler(),
                s.config().labels(),
                containers);
    }

    static ContainerSummary container(Container c) {
        Instant started = null;
        Instant finished = null;
        Integer exitCode = null;
        String reason = "";
        String message = "";
        ContainerState st = c.state();
        if (st instanceof ContainerState.Running r) {
            started = r.startedAt();
        } else if (st instanceof ContainerState.Exited x) {
            started = x.startedAt();
            finished = x.finishedAt();
            exitCode = x.exitCode();
            reason = x.reason();
            message = x.message();
        } else if (st instanceof ContainerState.Unknown u) {
            message = u.message();
        }
        return new ContainerSummary(
                c.id(),
                c.sandboxId(),
                c.metadata().name(),
                c.metadata().attempt(),
                st.phase().label(),
                c.metadata().imageName(),
                c.metadata().imageId(),
                c.metadata().createdAt(),
                started,
                finished,
                exitCode,
                reason,
                message,
                c.metadata().attempt(),
                c.pid(),
                c.metadata().logPath(),
                c.metadata().labels());
    }

    static ImageSummary image(Image i) {
        return new ImageSummary(
                i.id(),
                i.repoTags(),
                i.repoDigests(),
                i.size(),
                i.pinned(),
                i.config().user(),
                i.config().entrypoint(),
                i.config().cmd());
    }

    static TimelineEntry entry(RuntimeEvent e, Instant start) {
        return new TimelineEntry(
                e.at(),
                e.type().name(),
                e.subject().name(),
                e.id(),
                Duration.between(start, e.at()).toMillis(),
                e.details());
    }

    static EventView event(RuntimeEvent e) {
        return new EventView(e.type().name(), e.subject().name(), e.id(), e.sandboxId(), e.at(), e.details());
    }
}
