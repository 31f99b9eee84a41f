package io.jcri.adapters.containerd;

import io.jcri.domain.runtime.EngineInfo;
import io.jcri.ports.out.ContainerRuntime;

/** {@link ContainerRuntime} on containerd. */
final class ContainerdContainerRuntime implements ContainerRuntime {
    private final ContainerdClient client;

    ContainerdContainerRuntime(ContainerdClient client) {
        this.client = client;
    }

    @Override
    public EngineInfo engineInfo() {
        return client.version();
    }
}
