package io.jcri.adapters.rest;

import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.in.ContainerLifecycle;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/containers}: containers, one container, and the tail of its CRI log. */
@RestController
@RequestMapping("/api/v1/containers")
class ContainersController {
    static final int MAX_TAIL = 10_000;
    private final ContainerLifecycle containers;
    private final long tailMaxBytes;

    ContainersController(ContainerLifecycle containers, ObjectProvider<AdminLimits> limits) {
        this.containers = containers;
        this.tailMaxBytes = limits.getIfAvailable(() -> AdminLimits.DEFAULTS).logTailMaxBytes();
    }

    /** {@code state}: CREATED, RUNNING, EXITED or UNKNOWN (or the CRI's CONTAINER_ names). */
    @GetMapping
    Views.Page<Views.ContainerSummary> list(
            @RequestParam(required = false, defaultValue = "") String pod,
            @RequestParam(required = false, defaultValue = "") String state,
            @RequestParam(required = false) List<String> label,
            @RequestParam(required = false, defaultValue = "0") int page,
            @RequestParam(required = false, defaultValue = "50") int size) {
        Paging.check(page, size);
        List<Container> all =
                containers.list(new ContainerLifecycle.Filter("", states(state), pod, Paging.labels(label)));
        return Paging.page(all, page, size, Views::container);
    }

    @GetMapping("/{id}")
    Views.ContainerSummary get(@PathVariable String id) {
        return Views.container(containers.status(id, false).container());
    }

    /**
     * The last {@code tail} lines of the container's CRI log, partial lines joined; read from the
     * end of the file, at most {@code jcri.admin.logs-max-bytes} of it.
     */
    @GetMapping("/{id}/logs")
    List<Views.LogLine> logs(@PathVariable String id, @RequestParam(defaultValue = "100") int tail) {
        if (tail < 1 || tail > MAX_TAIL) {
            throw new IllegalArgumentException("tail must be between 1 and " + MAX_TAIL + ", got " + tail);
        }
        Container c = containers.status(id, false).container();
        String logPath = c.metadata().logPath();
        if (logPath.isEmpty()) {
            throw new JcriException.FailedPrecondition("container " + c.id() + " has no log file (no log path set)");
        }
        return LogTail.read(Path.of(logPath), tail, tailMaxBytes).stream()
                .map(l -> new Views.LogLine(l.time(), l.stream().tag(), l.message()))
                .toList();
    }

    private static Set<ContainerState.Phase> states(String state) {
        if (state.isEmpty()) {
            return Set.of();
        }
        String name = state.toUpperCase(Locale.ROOT);
        name = name.startsWith("CONTAINER_") ? name.substring("CONTAINER_".length()) : name;
        for (ContainerState.Phase p : ContainerState.Phase.values()) {
            if (p.name().equals(name)) {
                return Set.of(p);
            }
        }
        throw new IllegalArgumentException("state must be CREATED, RUNNING, EXITED or UNKNOWN, got \"" + state + "\"");
    }
}
