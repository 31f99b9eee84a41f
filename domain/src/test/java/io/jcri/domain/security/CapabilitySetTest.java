package io.jcri.domain.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapabilitySetTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "net_admin, CAP_NET_ADMIN",
        "NET_ADMIN, CAP_NET_ADMIN",
        "CAP_NET_ADMIN, CAP_NET_ADMIN",
        "cap_sys_admin, CAP_SYS_ADMIN"
    })
    void normalizesNames(String given, String expected) {
        assertThat(CapabilitySet.normalize(given)).isEqualTo(expected);
    }

    @Test
    void unknownNamesAreInvalid() {
        assertThatThrownBy(() -> CapabilitySet.normalize("FLY"))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("\"FLY\"");
    }

    @Test
    void addAndDropOverTheDefaultSet() {
        List<String> caps = CapabilitySet.apply(
                CapabilitySet.DEFAULT,
                List.of("NET_ADMIN", "CAP_SYS_TIME"),
                List.of("kill", "MKNOD"),
                CapabilitySet.KNOWN);
        assertThat(caps).contains("CAP_NET_ADMIN", "CAP_SYS_TIME", "CAP_CHOWN").doesNotContain("CAP_KILL", "CAP_MKNOD");
        assertThat(caps).hasSize(CapabilitySet.DEFAULT.size());
    }

    @Test
    void dropAllThenAddKeepsOnlyTheAdded() {
        assertThat(CapabilitySet.apply(
                        CapabilitySet.DEFAULT, List.of("NET_BIND_SERVICE"), List.of("ALL"), CapabilitySet.KNOWN))
                .containsExactly("CAP_NET_BIND_SERVICE");
    }

    @Test
    void addAllThenDropRemovesOnlyTheDropped() {
        List<String> caps =
                CapabilitySet.apply(CapabilitySet.DEFAULT, List.of("ALL"), List.of("SYS_ADMIN"), CapabilitySet.KNOWN);
        assertThat(caps).hasSize(CapabilitySet.KNOWN.size() - 1).doesNotContain("CAP_SYS_ADMIN");
    }

    @Test
    void addAllAndDropAllLeavesNothing() {
        assertThat(CapabilitySet.apply(CapabilitySet.DEFAULT, List.of("ALL"), List.of("ALL"), CapabilitySet.KNOWN))
                .isEmpty();
    }

    @Test
    void readsACapabilityMaskAsProcShowsIt() {
        assertThat(CapabilitySet.fromMask(0x1fffeffffffL))
                .hasSize(40)
                .doesNotContain("CAP_SYS_RESOURCE")
                .contains("CAP_CHECKPOINT_RESTORE");
        assertThat(CapabilitySet.fromMask(0b101)).containsExactly("CAP_CHOWN", "CAP_DAC_READ_SEARCH");
    }
}
