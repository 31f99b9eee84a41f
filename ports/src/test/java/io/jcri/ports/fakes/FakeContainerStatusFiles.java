package io.jcri.ports.fakes;

import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.ContainerStatusFiles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Status files in memory; {@link #failWrites} makes writes fail as a full disk would. */
public class FakeContainerStatusFiles implements ContainerStatusFiles {
    public final Map<String, ContainerState> byId = new ConcurrentHashMap<>();
    public volatile boolean failWrites;

    @Override
    public void write(String containerId, ContainerState state) {
        if (failWrites) {
            throw new JcriException.Internal("writing the status of container " + containerId + " failed: disk full");
        }
        byId.put(containerId, state);
    }

    @Override
    public Optional<ContainerState> read(String containerId) {
        return Optional.ofNullable(byId.get(containerId));
    }

    @Override
    public void delete(String containerId) {
        byId.remove(containerId);
    }

    @Override
    public List<String> containerIds() {
        return List.copyOf(byId.keySet());
    }
}
