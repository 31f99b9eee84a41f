package io.jcri.domain.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageVolumeTest {

    static ImageVolume volume(String subPath) {
        return new ImageVolume("busybox:1", "busybox", "", subPath);
    }

    @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
    @CsvSource({
        "'', ''",
        "etc, etc",
        "etc/, etc",
        "./etc, etc",
        "etc//ssl/./certs, etc/ssl/certs",
        "etc/../usr/bin, usr/bin",
        "a/b/../../c, c",
        "a/.., ''",
        "..., ...",
        "..etc, ..etc"
    })
    void subPathsInsideTheImageAreMadePlain(String subPath, String plain) {
        assertThat(volume(subPath).normalizedSubPath()).contains(plain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../etc", "etc/../..", "a/../../b", "/etc", "/", "etc/\0x"})
    void subPathsThatLeaveTheImageOrAreAbsoluteAreNot(String subPath) {
        assertThat(volume(subPath).normalizedSubPath()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void boundFromIsAReadOnlyPrivateBindKeepingTheImage(boolean readonly) {
        ContainerMount m =
                new ContainerMount("/mnt/v", "", readonly, MountPropagation.BIDIRECTIONAL, true, volume("etc"));
        ContainerMount bound = m.boundFrom("/run/jcri/image-volumes/c1/0/etc");
        assertThat(bound.hostPath()).isEqualTo("/run/jcri/image-volumes/c1/0/etc");
        assertThat(bound.containerPath()).isEqualTo("/mnt/v");
        assertThat(bound.readonly()).isTrue();
        assertThat(bound.recursiveReadOnly()).isFalse();
        assertThat(bound.propagation()).isEqualTo(MountPropagation.PRIVATE);
        assertThat(bound.image()).isEqualTo(volume("etc"));
    }
}
