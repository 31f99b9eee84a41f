package io.jcri.ports.application.container;

import io.jcri.domain.container.Container;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.json.Json;
import io.jcri.domain.json.WrittenJson;
import io.jcri.domain.naming.LabelSelector;
import io.jcri.ports.application.store.Containers;
import io.jcri.ports.application.store.Sandboxes;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.out.ContainerRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** ContainerStatus and ListContainers, from the store (the engine only for verbose status). */
final class ContainerQueries {
    private static final Logger log = Logger.getLogger(ContainerQueries.class.getName());
    private final ContainerRuntime runtime;
    private final Sandboxes sandboxes;
    private final Containers containers;
    private final ContainerSpecs specs;

    ContainerQueries(ContainerContext ctx) {
        this.runtime = ctx.runtime();
        this.sandboxes = ctx.sandboxes();
        this.containers = ctx.containers();
        this.specs = ctx.specs();
    }

    ContainerLifecycle.StatusView status(String containerId, boolean verbose) {
        Container c = containers.resolve(containerId);
        if (!verbose) {
            return new ContainerLifecycle.StatusView(c, Map.of());
        }
        Optional<ContainerSpecs.Spec> spec = specs.get(c.id())
                .or(() -> runtime.container(c.id()).map(r -> {
                    ContainerSpecs.Spec read =
                            ContainerSpecs.Spec.read(r.runtime().type(), r.ociSpecJson());
                    if (containers.get(c.id()).isPresent()) {
                        specs.put(c.id(), read);
                    }
                    return read;
                }));
        return verboseView(c, spec);
    }

    /** The status when memory has it: not verbose always, verbose once the container's spec is known. */
    Optional<ContainerLifecycle.StatusView> statusFromMemory(String containerId, boolean verbose) {
        Container c = containers.resolve(containerId);
        if (!verbose) {
            return Optional.of(new ContainerLifecycle.StatusView(c, Map.of()));
        }
        return specs.get(c.id()).map(spec -> verboseView(c, Optional.of(spec)));
    }

    private static ContainerLifecycle.StatusView verboseView(Container c, Optional<ContainerSpecs.Spec> spec) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("sandboxID", c.sandboxId());
        info.put("pid", c.pid());
        info.put("snapshotter", c.metadata().snapshotter());
        info.put("snapshotKey", c.id());
        info.put("runtimeHandler", c.metadata().runtimeHandler());
        spec.ifPresent(s -> {
            info.put("runtimeType", s.runtimeType());
            if (!s.ociSpecJson().isEmpty()) {
                // checked once (written by jcri, or read by Spec.read): a copy, not a parse per call
                info.put("runtimeSpec", new WrittenJson(s.ociSpecJson()));
            }
        });
        return new ContainerLifecycle.StatusView(c, Map.of("info", Json.write(info)));
    }

    List<Container> list(ContainerLifecycle.Filter filter) {
        List<Container> all = containers.list();
        String id = "";
        if (!filter.id().isEmpty()) {
            try {
                id = containers.resolve(filter.id()).id();
            } catch (JcriException e) {
                return List.of();
            }
        }
        String sandboxId = "";
        if (!filter.sandboxId().isEmpty()) {
            sandboxId = resolveSandboxId(filter.sandboxId());
        }
        List<Container> out = new ArrayList<>();
        for (Container c : all) {
            if (!id.isEmpty() && !c.id().equals(id)) {
                continue;
            }
            if (!sandboxId.isEmpty() && !c.sandboxId().equals(sandboxId)) {
                continue;
            }
            if (!filter.states().isEmpty()
                    && !filter.states().contains(c.state().phase())) {
                continue;
            }
            if (!LabelSelector.matches(filter.labelSelector(), c.metadata().labels())) {
                continue;
            }
            out.add(c);
        }
        out.sort((a, b) -> a.metadata().createdAt().compareTo(b.metadata().createdAt()));
        return out;
    }

    private String resolveSandboxId(String idOrPrefix) {
        try {
            return sandboxes.resolve(idOrPrefix).id();
        } catch (JcriException e) {
            return idOrPrefix;
        }
    }

    Optional<Container> find(String idOrPrefix) {
        try {
            return Optional.of(containers.resolve(idOrPrefix));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        } catch (JcriException e) {
            log.log(Level.FINE, e.getMessage());
            return Optional.empty();
        }
    }
}
