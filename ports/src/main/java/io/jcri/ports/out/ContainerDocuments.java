package io.jcri.ports.out;

import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.LinuxResources;

/**
 * The JSON documents jcri keeps on a container's engine record and derives from its OCI spec:
 * the container's metadata and resources (written at creation, read back on recovery). (The OCI
 * process of an exec is {@code io.jcri.domain.oci.ExecProcess}'s, written by the codec that wrote the spec.)
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
}
