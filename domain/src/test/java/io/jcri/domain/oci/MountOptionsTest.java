package io.jcri.domain.oci;

import static io.jcri.domain.oci.ContainerSpecMountsTest.withMounts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.error.JcriException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MountOptionsTest {

    private static ContainerMount withOptions(String... options) {
        return new ContainerMount("/mnt", "/data", false, MountPropagation.PRIVATE, false, null, List.of(options));
    }

    @Test
    void theCriMountOptionsFollowTheBindOptionsOnce() {
        OciSpec spec = withMounts(Set.of(), withOptions("noexec", "nodev", " nosuid", "noexec"));
        assertThat(spec.mount("/mnt").options())
                .containsExactly("rbind", "rprivate", "rw", "noexec", "nodev", "nosuid");
    }

    @Test
    void aMountWithoutOptionsIsAsBefore() {
        assertThat(withMounts(Set.of(), withOptions()).mount("/mnt").options())
                .containsExactly("rbind", "rprivate", "rw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ro", "rw", "rshared", "bind", "size=1m", "no-exec", ""})
    void anOptionJcriDoesNotTakeIsRefusedByName(String option) {
        assertThatThrownBy(() -> withMounts(Set.of(), withOptions("nodev", option)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("container \"app\": mount at \"/mnt\" has mount option \"" + option + "\"")
                .hasMessageContaining("supported: atime, dev, diratime, exec");
    }
}
