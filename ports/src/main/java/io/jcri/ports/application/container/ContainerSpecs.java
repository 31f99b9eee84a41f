package io.jcri.ports.application.container;

import io.jcri.domain.json.RawJson;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime type and OCI spec of each container, which never change after CreateContainer
 * (UpdateContainerResources changes the task and labels, not the record's spec): kept from the
 * creation, or from the first engine read after a restart, so a verbose ContainerStatus answers
 * from memory as containerd's own CRI plugin does.
 */
final class ContainerSpecs {
    /**
     * What a verbose status shows of the container's engine record: the OCI spec as jcri wrote it
     * at creation, or as {@link #read} checked it, so each status embeds it without parsing it again.
     */
    record Spec(String runtimeType, String ociSpecJson) {
        /** The spec of a record read from the engine: checked here, once, for being one JSON value. */
        static Spec read(String runtimeType, String ociSpecJson) {
            return new Spec(runtimeType, ociSpecJson.isEmpty() ? "" : new RawJson(ociSpecJson).text());
        }
    }

    private final Map<String, Spec> byId = new ConcurrentHashMap<>();

    void put(String id, Spec spec) {
        byId.put(id, spec);
    }

    Optional<Spec> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    void forget(String id) {
        byId.remove(id);
    }
}
