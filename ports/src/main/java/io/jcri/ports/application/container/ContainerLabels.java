package io.jcri.ports.application.container;

import java.util.Map;

/**
 * The labels and extension jcri puts on a container's engine record: {@code io.jcri.kind}
 * tells containers from sandboxes, the rest names the container; the CRI's own labels and
 * annotations travel in the metadata extension (JSON), so they cannot clash with jcri's keys.
 */
public final class ContainerLabels {
    public static final String KIND = "io.jcri.kind";
    public static final String KIND_CONTAINER = "container";
    public static final String SANDBOX_ID = "io.jcri.sandbox-id";
    /** On snapshots made for a container beyond its rootfs (image volumes' views): whose they are. */
    public static final String CONTAINER_ID = "io.jcri.container-id";

    public static final String NAME = "io.jcri.name";
    public static final String ATTEMPT = "io.jcri.attempt";
    /** The container's current resources (JSON); UpdateContainerResources rewrites it. */
    public static final String RESOURCES = "io.jcri.resources";
    /** Set while resources updated before the start have not reached the task yet. */
    public static final String RESOURCES_PENDING = "io.jcri.resources-pending";
    /** The extension holding {@link io.jcri.domain.container.ContainerMetadata} as JSON. */
    public static final String METADATA_EXTENSION = "io.jcri.container.metadata";

    public static final Map<String, String> SELECT_CONTAINERS = Map.of(KIND, KIND_CONTAINER);

    private ContainerLabels() {}
}
