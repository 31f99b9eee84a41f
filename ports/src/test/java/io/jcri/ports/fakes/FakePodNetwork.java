package io.jcri.ports.fakes;

import io.jcri.domain.network.NetworkConfig;
import io.jcri.domain.network.NetworkStatus;
import io.jcri.ports.out.PodNetwork;
import java.nio.file.Path;
import java.util.List;

/** An in-memory pod network whose readiness the test sets. */
public class FakePodNetwork implements PodNetwork {
    private volatile NetworkStatus status = new NetworkStatus.Ready(new NetworkConfig(
            "fake-net", "1.0.0", Path.of("/etc/cni/net.d/10-fake.conflist"), List.of("bridge"), "{}"));

    public void status(NetworkStatus status) {
        this.status = status;
    }

    @Override
    public NetworkStatus networkStatus() {
        return status;
    }
}
