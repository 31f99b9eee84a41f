package io.jcri.domain.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to a pod, a container or an image, with when. {@code id} names the
 * object (sandbox id, container id, image id); {@code sandboxId} the pod it belongs to (empty for
 * images); {@code details} carry what an admin wants to read next to it (names, exit code, bytes,
 * durations), as strings.
 */
public record RuntimeEvent(Type type, String id, String sandboxId, Instant at, Map<String, String> details) {

    /** What happened; {@link #subject()} says to what. */
    public enum Type {
        /** RunPodSandbox began (the pod's clock starts here). */
        SANDBOX_CREATING(Subject.POD),
        /** The sandbox image is present (pulled if it was missing). */
        SANDBOX_IMAGE_READY(Subject.POD),
        /** CNI ADD returned the pod's IPs. */
        SANDBOX_NETWORK_READY(Subject.POD),
        /** The pause task runs: RunPodSandbox returned. */
        SANDBOX_READY(Subject.POD),
        SANDBOX_STOPPED(Subject.POD),
        SANDBOX_REMOVED(Subject.POD),
        CONTAINER_CREATED(Subject.CONTAINER),
        CONTAINER_STARTED(Subject.CONTAINER),
        CONTAINER_STOPPED(Subject.CONTAINER),
        CONTAINER_DELETED(Subject.CONTAINER),
        IMAGE_PULLED(Subject.IMAGE),
        IMAGE_REMOVED(Subject.IMAGE);

        private final Subject subject;

        Type(Subject subject) {
            this.subject = subject;
        }

        public Subject subject() {
            return subject;
        }
    }

    public enum Subject {
        POD,
        CONTAINER,
        IMAGE
    }

    public RuntimeEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
        sandboxId = sandboxId == null ? "" : sandboxId;
        Objects.requireNonNull(at, "at");
        details = Map.copyOf(details == null ? Map.of() : details);
    }

    public Subject subject() {
        return type.subject();
    }

    public String detail(String key) {
        return details.getOrDefault(key, "");
    }
}
