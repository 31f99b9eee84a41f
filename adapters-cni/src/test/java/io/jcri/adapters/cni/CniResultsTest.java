package io.jcri.adapters.cni;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CniResultsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static java.util.List<String> ips(String json) {
        return CniResults.ips(JSON.readTree(json));
    }

    @Test
    void addressesOfInterfacesInTheSandboxWin() {
        assertThat(ips("{\"interfaces\":[{\"name\":\"cni0\"},{\"name\":\"eth0\",\"sandbox\":\"/run/netns/x\"}],"
                        + "\"ips\":[{\"address\":\"10.0.0.1/24\",\"interface\":0},"
                        + "{\"address\":\"10.0.0.5/24\",\"interface\":1}]}"))
                .containsExactly("10.0.0.5");
    }

    @Test
    void withoutInterfaceIndexesEveryAddressCounts() {
        assertThat(ips("{\"cniVersion\":\"0.3.1\",\"ips\":[{\"version\":\"4\",\"address\":\"10.0.0.5/24\"},"
                        + "{\"version\":\"6\",\"address\":\"fd00::5/64\"}]}"))
                .containsExactly("10.0.0.5", "fd00::5");
    }

    @Test
    void legacyResultsAreRead() {
        assertThat(ips("{\"cniVersion\":\"0.2.0\",\"ip4\":{\"ip\":\"10.1.2.3/16\"},\"ip6\":{\"ip\":\"fd00::3/64\"}}"))
                .containsExactly("10.1.2.3", "fd00::3");
    }

    @Test
    void aResultWithoutAddressesHasNoPodIps() {
        assertThat(CniResults.podIps(JSON.readTree("{\"cniVersion\":\"1.0.0\",\"interfaces\":[]}")))
                .isNull();
    }

    @Test
    void pluginErrorsAreDescribedFromTheirErrorObjectOrOutput() {
        assertThat(PluginExec.describeError(1, "{\"code\":11,\"msg\":\"busy\"}", ""))
                .isEqualTo("busy (CNI error code 11)");
        assertThat(PluginExec.describeError(2, "", "  boom\n")).isEqualTo("exit status 2: boom");
        assertThat(PluginExec.describeError(2, "", "")).isEqualTo("exit status 2 and no output");
    }

    @Test
    void mountPointsAreUnescaped() {
        assertThat(MountTable.unescape("/run/a\\040b\\134c")).isEqualTo("/run/a b\\c");
        assertThat(MountTable.unescape("/plain")).isEqualTo("/plain");
    }

    @Test
    void versionsCompare() {
        assertThat(CniAttachments.atLeast("0.4.0", 0, 4)).isTrue();
        assertThat(CniAttachments.atLeast("1.0.0", 0, 4)).isTrue();
        assertThat(CniAttachments.atLeast("0.3.1", 0, 4)).isFalse();
    }
}
