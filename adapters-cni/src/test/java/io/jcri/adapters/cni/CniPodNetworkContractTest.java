package io.jcri.adapters.cni;

import io.jcri.ports.contracts.PodNetworkContract;
import io.jcri.ports.out.PodNetwork;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The port's contract against the CNI adapter with Debian's plugins. */
class CniPodNetworkContractTest extends PodNetworkContract {
    @TempDir
    Path tmp;

    private TestNet net;
    private CniPodNetwork network;

    @BeforeEach
    void setUp() throws Exception {
        net = new TestNet(tmp, 14);
        net.writeConf(net.conflist("1.0.0", TestNet.PORTMAP, TestNet.FIREWALL));
        network = net.network();
    }

    @AfterEach
    void tearDown() {
        net.close();
    }

    @Override
    protected PodNetwork network() {
        return network;
    }
}
