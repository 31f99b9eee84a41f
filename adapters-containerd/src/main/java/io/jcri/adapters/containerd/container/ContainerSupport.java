package io.jcri.adapters.containerd.container;

import io.jcri.domain.oci.HostFacts;
import io.jcri.ports.out.ContainerDocuments;
import io.jcri.ports.out.ContainerHost;
import io.jcri.ports.out.ContainerStatusFiles;
import java.nio.file.Path;

/** Makes this package's port implementations (reached through {@code ContainerdAdapters}). */
public final class ContainerSupport {
    private ContainerSupport() {}

    public static ContainerStatusFiles statusFiles(Path dir) {
        return new FileContainerStatusFiles(dir);
    }

    public static io.jcri.ports.out.CreationJournal creationJournal(Path dir) {
        return new FileCreationJournal(dir);
    }

    public static ContainerDocuments documents() {
        return new JsonContainerDocuments();
    }

    public static ContainerHost host(HostFacts facts) {
        return new NodeContainerHost(facts);
    }

    /** The node, with the CDI spec directories to read (lowest priority first). */
    public static ContainerHost host(HostFacts facts, java.util.List<Path> cdiSpecDirs) {
        return new NodeContainerHost(facts, cdiSpecDirs);
    }
}
