package io.jcri.ports.fakes;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.runtime.EngineInfo;
import io.jcri.ports.out.ContainerRuntime;

/** An in-memory container engine; {@link #down(String)} makes it stop answering. */
public class FakeContainerRuntime implements ContainerRuntime {
    private volatile EngineInfo engine = new EngineInfo("1.6.20", "fake");
    private volatile String downReason;

    public void down(String reason) {
        this.downReason = reason;
    }

    public void up() {
        this.downReason = null;
    }

    public void version(String version) {
        this.engine = new EngineInfo(version, "fake");
    }

    @Override
    public EngineInfo engineInfo() {
        String reason = downReason;
        if (reason != null) {
            throw new JcriException.Unavailable(reason);
        }
        return engine;
    }
}
