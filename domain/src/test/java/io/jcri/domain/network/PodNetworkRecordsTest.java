package io.jcri.domain.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PodNetworkRecordsTest {

    @Test
    void thePrimaryIpIsTheFirstIpv4OtherwiseTheFirst() {
        assertThat(new PodIps(List.of("fd00::1", "10.0.0.2", "10.0.0.3")).primary())
                .isEqualTo("10.0.0.2");
        assertThat(new PodIps(List.of("fd00::1", "10.0.0.2")).additional()).containsExactly("fd00::1");
        assertThat(new PodIps(List.of("fd00::1", "fd00::2")).primary()).isEqualTo("fd00::1");
        assertThatThrownBy(() -> new PodIps(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portMappingsCheckTheirPortsAndNameTheirProtocolForCni() {
        PortMapping m = new PortMapping(PortMapping.Protocol.SCTP, 80, 0, null);
        assertThat(m.hostIp()).isEmpty();
        assertThat(m.published()).isFalse();
        assertThat(m.protocol().cniName()).isEqualTo("sctp");
        assertThatThrownBy(() -> new PortMapping(PortMapping.Protocol.TCP, 0, 80, ""))
                .hasMessageContaining("containerPort 0");
        assertThatThrownBy(() -> new PortMapping(PortMapping.Protocol.TCP, 80, 70000, ""))
                .hasMessageContaining("hostPort 70000");
    }

    @Test
    void dnsAndAttachRequestsFillInWhatIsMissing() {
        assertThat(new DnsConfig(null, List.of("a"), null).isEmpty()).isFalse();
        assertThat(DnsConfig.NONE.isEmpty()).isTrue();
        PodAttachRequest r = new PodAttachRequest("sb", null, null, null, java.nio.file.Path.of("/x"), null, null);
        assertThat(r.podName()).isEmpty();
        assertThat(r.portMappings()).isEmpty();
        assertThat(r.dns()).isEqualTo(DnsConfig.NONE);
    }
}
