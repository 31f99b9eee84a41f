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
import io.jcri.domain.network.PortMapping;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        assertThat(network.attachmentInMemory("sb-a")).contains(a);
        assertThat(network.attachedSandboxIds()).containsExactly("sb-a");

        network.detach("sb-a");

        assertThat(net.allocations()).isEmpty();
        assertThat(network.attachment("sb-a")).isEmpty();
        assertThat(network.attachmentInMemory("sb-a")).isEmpty();
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

    @Test
    void twoPodsReachEachOtherOverTheBridge() throws Exception {
        net = new TestNet(tmp, 3);
        net.writeConf(net.conflist("1.0.0", PORTMAP, FIREWALL));
        CniPodNetwork network = net.network();
        Path a = network.createNetns("sb-a");
        Path b = network.createNetns("sb-b");
        String ipA = network.attach(request("sb-a", a)).ips().primary();
        String ipB = network.attach(request("sb-b", b)).ips().primary();
        assertThat(ipA).isNotEqualTo(ipB);

        assertThat(inNetns(a, "/bin/busybox", "ping", "-c1", "-W2", ipB)).contains("1 packets received");
        assertThat(inNetns(b, "/bin/busybox", "ping", "-c1", "-W2", ipA)).contains("1 packets received");
        assertThat(inNetns(a, "/bin/busybox", "ping", "-c1", "-W2", "127.0.0.1"))
                .contains("1 packets received");
    }

    @Test
    void aHostPortAnswersOnTheHost() throws Exception {
        net = new TestNet(tmp, 4);
        net.writeConf(net.conflist("1.0.0", PORTMAP, FIREWALL));
        CniPodNetwork network = net.network();
        Path ns = network.createNetns("sb-web");
        int hostPort = freePort();
        network.attach(request("sb-web", ns, new PortMapping(PortMapping.Protocol.TCP, 80, hostPort, "")));
        Process server = new ProcessBuilder(
                        "nsenter",
                        "--net=" + ns,
                        "/bin/busybox",
                        "nc",
                        "-ll",
                        "-p",
                        "80",
                        "-e",
                        "/bin/busybox",
                        "echo",
                        "hi from the pod")
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(readFrom(net.gateway(), hostPort)).isEqualTo("hi from the pod\n");
            assertThat(readFrom("127.0.0.1", hostPort)).isEqualTo("hi from the pod\n");
        } finally {
            server.destroyForcibly().waitFor();
        }
        network.detach("sb-web");
        assertThat(TestNet.run("iptables", "-t", "nat", "-S")).doesNotContain("dport " + hostPort);
    }

    @Test
    void aFailingPluginUndoesTheAttachAndSaysWhy() throws Exception {
        net = new TestNet(tmp, 5);
        net.script("jcri-fail", """
                if [ "$CNI_COMMAND" = ADD ]; then
                  echo '{"cniVersion":"1.0.0","code":7,"msg":"no luck today","details":"it always fails"}'
                  exit 1
                fi
                exit 0
                """);
        net.writeConf(net.conflist("1.0.0", "{\"type\": \"jcri-fail\"}"));
        CniPodNetwork network = net.network();
        Path ns = network.createNetns("sb-f");

        assertThatThrownBy(() -> network.attach(request("sb-f", ns)))
                .isInstanceOf(JcriException.Internal.class)
                .hasMessage("CNI plugin \"jcri-fail\" (network \"testnet\") ADD for sandbox sb-f failed:"
                        + " no luck today: it always fails (CNI error code 7)");

        assertThat(net.allocations()).isEmpty();
        assertThat(inNetns(ns, "ip", "-o", "link")).doesNotContain("eth0");
        assertThat(network.attachedSandboxIds()).isEmpty();
        assertThat(net.jcriRoot.resolve("cni/results")).isEmptyDirectory();
        network.removeNetns(ns);
        assertGone(ns);
    }

    @Test
    void aPluginThatPrintsNoErrorObjectIsReportedWithItsOutput() throws Exception {
        net = new TestNet(tmp, 6);
        net.script("jcri-crash", "[ \"$CNI_COMMAND\" = ADD ] && { echo 'segfault, sort of' >&2; exit 3; }\nexit 0\n");
        net.writeConf(net.conflist("1.0.0", "{\"type\": \"jcri-crash\"}"));
        CniPodNetwork network = net.network();
        Path ns = network.createNetns("sb-c");
        assertThatThrownBy(() -> network.attach(request("sb-c", ns)))
                .isInstanceOf(JcriException.Internal.class)
                .hasMessageEndingWith("\"jcri-crash\" (network \"testnet\") ADD for sandbox sb-c failed: exit status 3:"
                        + " segfault, sort of");
        assertThat(net.allocations()).isEmpty();
    }

    @Test
    void aPluginThatHangsIsKilledWithWhatItStarted() throws Exception {
        net = new TestNet(tmp, 7);
        Path marker = tmp.resolve("child.pid");
        net.script("jcri-hang", """
                if [ "$CNI_COMMAND" = ADD ]; then
                  /bin/busybox sleep 300 &
                  echo $! > %s
                  /bin/busybox sleep 300
                fi
                exit 0
                """.formatted(marker));
        net.writeConf(net.conflist("1.0.0", "{\"type\": \"jcri-hang\"}"));
        CniPodNetwork network = net.network(Duration.ofSeconds(1));
        Path ns = network.createNetns("sb-h");
        long start = System.nanoTime();
        assertThatThrownBy(() -> network.attach(request("sb-h", ns)))
                .isInstanceOf(JcriException.DeadlineExceeded.class)
                .hasMessageContaining("\"jcri-hang\"")
                .hasMessageContaining("no answer within 1s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        long child = Long.parseLong(Files.readString(marker).strip());
        long deadline = System.currentTimeMillis() + 3000;
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false))
                .as("the plugin's child %d is gone", child)
                .isFalse();
        assertThat(net.allocations()).isEmpty();
        assertThat(network.attachedSandboxIds()).isEmpty();
    }

    @Test
    void withoutTheLoopbackPluginAttachFailsClearlyAndLeavesNoRecord() throws Exception {
        net = new TestNet(tmp, 15);
        net.writeConf(net.conflist("1.0.0"));
        // only the network's own plugins, no loopback
        for (String p : new String[] {"bridge", "host-local"}) {
            net.script(p, "exec " + TestNet.DEBIAN_PLUGINS.resolve(p) + "\n");
        }
        CniPodNetwork network = new CniPodNetwork(
                net.conf, java.util.List.of(net.bin), net.state, net.jcriRoot, Duration.ofSeconds(20), 100);
        net.networks.add(network);
        Path ns = network.createNetns("sb-l");
        assertThatThrownBy(() -> network.attach(request("sb-l", ns)))
                .isInstanceOf(JcriException.FailedPrecondition.class)
                .hasMessage(
                        "CNI plugin \"loopback\" (network \"jcri-loopback\") ADD for sandbox sb-l: plugin not found in "
                                + net.bin);
        assertThat(network.attachedSandboxIds()).isEmpty();
        assertThat(net.allocations()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"0.3.1", "0.4.0", "1.0.0"})
    void resultsOfEachVersionAreRead(String version) throws Exception {
        net = new TestNet(tmp, 8);
        net.writeConf(net.conflist(version, PORTMAP));
        CniPodNetwork network = net.network();
        Path ns = network.createNetns("sb-v");
        PodNetworkAttachment a = network.attach(request("sb-v", ns));
        assertThat(a.resultJson()).contains("\"cniVersion\":\"" + version + "\"");
        assertThat(a.ips().all()).containsExactly(a.ips().primary());
        assertThat(a.ips().primary()).startsWith(net.subnetPrefix);
        assertThat(inNetns(ns, "ip", "-o", "addr", "show", "dev", "eth0"))
                .contains(a.ips().primary());
        network.detach("sb-v");
        assertThat(net.allocations()).isEmpty();
    }

    @Test
    void detachAfterARestartUsesTheRecordedConfiguration() throws Exception {
        net = new TestNet(tmp, 9);
        net.writeConf(net.conflist("1.0.0", PORTMAP, FIREWALL));
        CniPodNetwork before = net.network();
        Path ns = before.createNetns("sb-r");
        PodNetworkAttachment a =
                before.attach(request("sb-r", ns, new PortMapping(PortMapping.Protocol.TCP, 80, freePort(), "")));
        before.close();
        // The configuration changes meanwhile: the detach must still use what the attach used.
        Files.delete(net.conf.resolve("10-test.conflist"));

        CniPodNetwork after = net.network();
        assertThat(after.networkStatus().ready()).isFalse();
        assertThat(after.attachedSandboxIds()).containsExactly("sb-r");
        assertThat(after.attachmentInMemory("sb-r"))
                .as("made before the restart: read from its record")
                .isEmpty();
        assertThat(after.attachment("sb-r")).contains(a);
        assertThat(after.listNetns()).containsExactly(ns);

        after.detach("sb-r");

        assertThat(net.allocations()).isEmpty();
        assertThat(inNetns(ns, "ip", "-o", "link")).doesNotContain("eth0");
        assertThat(after.attachedSandboxIds()).isEmpty();
        after.removeNetns(ns);
        assertGone(ns);
    }

    @Test
    void detachIsIdempotentAndWorksWhenTheNamespaceIsGone() throws Exception {
        net = new TestNet(tmp, 10);
        net.writeConf(net.conflist("1.0.0", PORTMAP, FIREWALL));
        CniPodNetwork network = net.network();
        network.detach("never-attached");
        Path ns = network.createNetns("sb-d");
        network.attach(request("sb-d", ns));
        assertThat(net.allocations()).hasSize(1);

        network.removeNetns(ns);
        network.removeNetns(ns);
        assertGone(ns);
        network.detach("sb-d");
        network.detach("sb-d");

        assertThat(net.allocations()).isEmpty();
        assertThat(network.attachedSandboxIds()).isEmpty();
    }

    @Test
    void namespacesAreOnePerSandboxAndOnlyInTheirDirectory() throws Exception {
        net = new TestNet(tmp, 11);
        CniPodNetwork network = net.network();
        Path ns = network.createNetns("sb-n");
        assertThatThrownBy(() -> network.createNetns("sb-n"))
                .isInstanceOf(JcriException.AlreadyExists.class)
                .hasMessageContaining("sb-n");
        assertThatThrownBy(() -> network.createNetns("../escape"))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"../escape\"");
        assertThatThrownBy(() -> network.removeNetns(tmp.resolve("elsewhere")))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("not a network namespace of this pod network");
        assertThat(inNetns(ns, "ip", "-o", "link")).contains("lo:").doesNotContain("eth0");
        assertThat(threadNamespaces())
                .as("no JVM thread is left in a pod's namespace")
                .containsOnly(
                        Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
        assertThat(network.listNetns()).containsExactly(ns);
        network.removeNetns(ns);
        assertGone(ns);
        // A file left behind without a mount (a crash between the two steps) does not block a new one.
        Files.createFile(ns);
        Path again = network.createNetns("sb-n");
        assertThat(TestNet.mounted(again)).isTrue();
        network.removeNetns(again);
        assertGone(again);
    }

    private static java.util.Set<String> threadNamespaces() throws IOException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    seen.add(Files.readSymbolicLink(task.resolve("ns/net")).toString());
                } catch (IOException threadEnded) {
                    // the thread ended while we looked
                }
            }
        }
        return seen;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String readFrom(String host, int port) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        IOException last = null;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                s.setSoTimeout(3000);
                InputStream in = s.getInputStream();
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!text.isEmpty()) {
                    return text;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("nothing answered on " + host + ":" + port, last);
    }
}
