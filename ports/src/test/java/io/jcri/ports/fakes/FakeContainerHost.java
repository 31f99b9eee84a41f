package io.jcri.ports.fakes;

import io.jcri.domain.container.DeviceNode;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.task.Mount;
import io.jcri.ports.out.ContainerHost;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A node with {@link HostFacts#typical()} facts and files, devices and shared mounts set by tests. */
public class FakeContainerHost implements ContainerHost {
    public volatile HostFacts facts = HostFacts.typical();
    public final Map<String, String> rootfsFiles = new ConcurrentHashMap<>();
    public final Map<String, DeviceNode> devices = new ConcurrentHashMap<>();
    public final Set<String> sharedMounts = ConcurrentHashMap.newKeySet();
    public final Map<String, String> profiles = new ConcurrentHashMap<>();

    @Override
    public HostFacts facts() {
        return facts;
    }

    @Override
    public Optional<String> rootfsFile(List<Mount> rootfs, String path) {
        return Optional.ofNullable(rootfsFiles.get(path));
    }

    @Override
    public Optional<DeviceNode> deviceNode(String hostPath) {
        return Optional.ofNullable(devices.get(hostPath));
    }

    @Override
    public boolean onSharedMount(String hostPath) {
        return sharedMounts.contains(hostPath);
    }

    @Override
    public String readProfile(String path) {
        String p = profiles.get(path);
        if (p == null) {
            throw new JcriException.InvalidArgument("the seccomp profile \"" + path + "\" cannot be read");
        }
        return p;
    }
}
