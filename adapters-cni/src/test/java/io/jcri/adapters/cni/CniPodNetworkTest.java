package io.jcri.adapters.cni;

import static io.jcri.adapters.cni.TestNet.FIREWALL;
import static io.jcri.adapters.cni.TestNet.PORTMAP;
import static io.jcri.adapters.cni.TestNet.assertGone;
import static io.jcri.adapters.cni.TestNet.inNetns;
import static io.jcri.adapters.cni.TestNet.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.network.PodNetworkAttachment;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CNI adapter with Debian's plugins, in namespaces and on bridges of the test's own. */
class CniPodNetworkTest {
    @TempDir
    Path tmp;

    TestNet net;

    @AfterEach
    void cleanUp() {
        if (net != null) {
            net.close();
        }
    }

    @Test
    void attachGivesEth0AnAddressBringsUpLoopbackAndDetachReleasesIt() throws Exception {
        net = new TestNet(tmp, 1);
        net.writeConf(net.conflist("1.0.0", PORTMAP, FIREWALL));
        CniPodNetwork network = net.network();
        Path ns = network.createNetns("sb-a");
        assertThat(ns).isEqualTo(net.state.resolve("netns").resolve("sb-a"));
        assertThat(TestNet.mounted(ns)).isTrue();

        PodNetworkAttachment a = network.attach(request("sb-a", ns));

        assertThat(a.network()).isEqualTo("testnet");
        assertThat(a.ips().primary()).startsWith(net.subnetPrefix);
        assertThat(a.resultJson()).contains("\"cniVersion\":\"1.0.0\"");
        assertThat(inNetns(ns, "ip", "-o", "addr", "show", "dev", "eth0"))
                .contains(a.ips().primary() + "/24");
        assertThat(inNetns(ns, "ip", "-o", "link", "show", "dev", "lo")).contains("<LOOPBACK,UP,LOWER_UP>");
        assertThat(net.allocations()).containsExactly(a.ips().primary());
        assertThat(network.attachment("sb-a")).contains(a);
        assertThat(network.attachedSandboxIds()).containsExactly("sb-a");

        network.detach("sb-a");

        assertThat(net.allocations()).isEmpty();
        assertThat(network.attachment("sb-a")).isEmpty();
        assertThat(network.attachedSandboxIds()).isEmpty();
        assertThat(inNetns(ns, "ip", "-o", "link")).doesNotContain("eth0");
        network.removeNetns(ns);
        assertGone(ns);
        assertThat(network.listNetns()).isEmpty();
    }

    @Test
    void attachFailsWhenTheNetworkIsNotReadyOrTheNamespaceMissing() throws Exception {
        net = new TestNet(tmp, 2);
        CniPodNetwork network = net.network();
        Path ns = network.createNetns("sb-b");
        assertThatThrownBy(() -> network.attach(request("sb-b", ns)))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining("sb-b")
                .hasMessageContaining("no network config found in " + net.conf);
        net.writeConf(net.conflist("1.0.0"));
        network.reloadIfChanged();
        Path missing = net.state.resolve("netns").resolve("sb-none");
        assertThatThrownBy(() -> network.attach(request("sb-none", missing)))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessageContaining(missing + " does not exist");
        assertThat(network.attachedSandboxIds()).isEmpty();
    }
}
