package io.jcri.ports.out;

import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.LinuxResources;
import java.util.List;

/**
 * The JSON documents jcri keeps on a container's engine record and derives from its OCI spec:
 * the container's metadata and resources (written at creation, read back on recovery) and the
 * OCI process of an exec.
 */
public interface ContainerDocuments {

    String encodeMetadata(ContainerMetadata metadata);

    /**
     * @throws io.jcri.domain.error.JcriException.InvalidArgument when the text is not a
     *     container's metadata
     */
    ContainerMetadata decodeMetadata(String json);

    String encodeResources(LinuxResources resources);

    /** @throws io.jcri.domain.error.JcriException.InvalidArgument when the text is not resources */
    LinuxResources decodeResources(String json);

    /**
     * The OCI {@code Process} of a command run in the container: the spec's process (user, env,
     * cwd, capabilities ...) with {@code args} and without a terminal.
     *
     * @throws io.jcri.domain.error.JcriException.InvalidArgument when the spec has no process
     */
    String execProcess(String ociSpecJson, List<String> args);
}
