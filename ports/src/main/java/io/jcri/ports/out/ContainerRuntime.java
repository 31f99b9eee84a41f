package io.jcri.ports.out;

import io.jcri.domain.runtime.EngineInfo;

/** The container engine that runs jcri's containers (containerd). */
public interface ContainerRuntime {

    /**
     * The engine's version, asked now.
     *
     * @throws io.jcri.domain.error.JcriException.Unavailable naming the engine's address and why,
     *     when it does not answer
     */
    EngineInfo engineInfo();
}
