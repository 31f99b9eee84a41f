package io.jcri.adapters.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.network.PodAttachRequest;
import io.jcri.domain.network.PodNetworkAttachment;
import io.jcri.domain.network.PortMapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What jcri hands each plugin, seen by two recording plugins chained after the real bridge
 * plugin: configuration, prevResult, runtimeConfig by capability, environment, and order.
 */
class PluginProtocolTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RESULT_A =
            "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"x\"},"
                    + "{\"name\":\"veth-host\"}],\"ips\":[{\"address\":\"10.88.12.77/24\",\"interface\":0},"
                    + "{\"address\":\"10.88.12.1/24\",\"interface\":1}]}";
    private static final String RESULT_B =
            "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"x\"}],"
                    + "\"ips\":[{\"address\":\"fd00:88::7/64\",\"interface\":0},{\"address\":\"10.88.12.78/24\",\"interface\":0}]}";

    @TempDir
    Path tmp;

    TestNet net;

    @AfterEach
    void cleanUp() {
        if (net != null) {
            net.close();
        }
    }

    private void recorder(String name, String result) throws Exception {
        Path log = tmp.resolve("log");
        net.script(name, """
                echo "$CNI_COMMAND %1$s" >> %2$s/order
                cat > %2$s/%1$s-$CNI_COMMAND.json
                env | grep '^CNI_' | sort > %2$s/%1$s-$CNI_COMMAND.env
                [ "$CNI_COMMAND" = ADD ] && echo '%3$s'
                exit 0
                """.formatted(name, log, result));
        Files.createDirectories(log);
    }

    private JsonNode seen(String file) throws Exception {
        return JSON.readTree(Files.readString(tmp.resolve("log").resolve(file)));
    }

    private String env(String file) throws Exception {
        return Files.readString(tmp.resolve("log").resolve(file));
    }

    @Test
    void pluginsGetTheirConfigPrevResultRuntimeConfigAndEnvironment() throws Exception {
        net = new TestNet(tmp, 12);
        recorder("rec-a", RESULT_A);
        recorder("rec-b", RESULT_B);
        net.writeConf(net.conflist(
                "1.0.0",
                "{\"type\": \"rec-a\", \"own\": 1, \"capabilities\": {\"portMappings\": true, \"dns\": false}}",
                "{\"type\": \"rec-b\", \"capabilities\": {\"dns\": true, \"bandwidth\": true}}"));
        CniPodNetwork network = net.network();
        Path ns = network.createNetns("sb-p");
        PodAttachRequest request = new PodAttachRequest(
                "sb-p",
                "web",
                "shop",
                "uid-1",
                ns,
                List.of(
                        new PortMapping(PortMapping.Protocol.TCP, 80, 8080, ""),
                        new PortMapping(PortMapping.Protocol.UDP, 53, 5353, "127.0.0.1"),
                        new PortMapping(PortMapping.Protocol.SCTP, 9, 0, "")),
                new DnsConfig(List.of("10.96.0.10"), List.of("shop.svc.cluster.local"), List.of("ndots:5")));

        PodNetworkAttachment attachment = network.attach(request);

        assertThat(attachment.ips().all()).containsExactly("fd00:88::7", "10.88.12.78");
        assertThat(attachment.ips().primary()).isEqualTo("10.88.12.78");
        assertThat(JSON.readTree(attachment.resultJson())).isEqualTo(JSON.readTree(RESULT_B));

        JsonNode a = seen("rec-a-ADD.json");
        assertThat(a.get("name").asString()).isEqualTo("testnet");
        assertThat(a.get("cniVersion").asString()).isEqualTo("1.0.0");
        assertThat(a.get("own").asInt()).isEqualTo(1);
        assertThat(a.get("prevResult").get("ips").get(0).get("address").asString())
                .as("the bridge plugin's result")
                .startsWith(net.subnetPrefix);
        assertThat(a.get("runtimeConfig"))
                .isEqualTo(JSON.readTree("{\"portMappings\":["
                        + "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"},"
                        + "{\"hostPort\":5353,\"containerPort\":53,\"protocol\":\"udp\",\"hostIP\":\"127.0.0.1\"}]}"));
        JsonNode b = seen("rec-b-ADD.json");
        assertThat(b.get("prevResult")).isEqualTo(JSON.readTree(RESULT_A));
        assertThat(b.get("runtimeConfig"))
                .isEqualTo(JSON.readTree("{\"dns\":{\"servers\":[\"10.96.0.10\"],"
                        + "\"searches\":[\"shop.svc.cluster.local\"],\"options\":[\"ndots:5\"]}}"));
        assertThat(env("rec-a-ADD.env"))
                .isEqualTo("CNI_ARGS=IgnoreUnknown=1;K8S_POD_NAMESPACE=shop;K8S_POD_NAME=web;"
                        + "K8S_POD_INFRA_CONTAINER_ID=sb-p;K8S_POD_UID=uid-1\n"
                        + "CNI_COMMAND=ADD\n"
                        + "CNI_CONTAINERID=sb-p\n"
                        + "CNI_IFNAME=eth0\n"
                        + "CNI_NETNS=" + ns + "\n"
                        + "CNI_PATH=" + net.bin + ":" + TestNet.DEBIAN_PLUGINS + "\n");

        network.detach("sb-p");

        assertThat(Files.readAllLines(tmp.resolve("log/order")))
                .containsExactly("ADD rec-a", "ADD rec-b", "DEL rec-b", "DEL rec-a");
        assertThat(seen("rec-b-DEL.json").get("prevResult")).isEqualTo(JSON.readTree(RESULT_B));
        assertThat(seen("rec-a-DEL.json").get("prevResult")).isEqualTo(JSON.readTree(RESULT_B));
        assertThat(seen("rec-a-DEL.json").get("runtimeConfig")).isEqualTo(a.get("runtimeConfig"));
        assertThat(env("rec-a-DEL.env")).contains("CNI_COMMAND=DEL\n").contains("CNI_NETNS=" + ns + "\n");
        assertThat(net.allocations())
                .as("the bridge's DEL released the address")
                .isEmpty();
    }

    @Test
    void delOfANetworkBefore040PassesNoPrevResultAndAGoneNamespaceIsEmpty() throws Exception {
        net = new TestNet(tmp, 13);
        recorder("rec-a", RESULT_A.replace("1.0.0", "0.3.1"));
        net.writeConf(net.conflist("0.3.1", "{\"type\": \"rec-a\"}"));
        CniPodNetwork network = net.network();
        Path ns = network.createNetns("sb-o");
        assertThat(network.attach(TestNet.request("sb-o", ns)).ips().primary()).isEqualTo("10.88.12.77");
        assertThat(seen("rec-a-ADD.json").has("prevResult")).isTrue();
        assertThat(seen("rec-a-ADD.json").has("runtimeConfig")).isFalse();
        network.removeNetns(ns);

        network.detach("sb-o");

        assertThat(seen("rec-a-DEL.json").has("prevResult")).isFalse();
        assertThat(env("rec-a-DEL.env")).contains("CNI_NETNS=\n");
        assertThat(net.allocations()).isEmpty();
    }
}
