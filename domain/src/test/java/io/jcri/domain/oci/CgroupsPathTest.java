package io.jcri.domain.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupsPathTest {

    @ParameterizedTest(name = "{0} systemd={1} -> {2}")
    @CsvSource({
        "/kubepods/besteffort/pod12, false, /kubepods/besteffort/pod12/abc",
        "kubepods/pod12/,            false, /kubepods/pod12/abc",
        "'',                         false, /jcri/abc",
        "kubepods-besteffort-pod12.slice, true, kubepods-besteffort-pod12.slice:jcri:abc",
        "'',                         true,  system.slice:jcri:abc",
    })
    void placesTheCgroupUnderItsParent(String parent, boolean systemd, String expected) {
        assertThat(CgroupsPath.of(parent, "abc", systemd)).isEqualTo(expected);
    }

    @Test
    void refusesAPathParentWithTheSystemdDriverAndASliceWithCgroupfs() {
        assertThatThrownBy(() -> CgroupsPath.of("/kubepods/pod1", "abc", true))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("/kubepods/pod1");
        assertThatThrownBy(() -> CgroupsPath.of("kubepods.slice", "abc", false))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("kubepods.slice");
    }
}
