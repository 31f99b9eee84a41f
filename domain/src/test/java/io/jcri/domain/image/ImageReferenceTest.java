package io.jcri.domain.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
    private static final String D = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    @ParameterizedTest
    @CsvSource({
        "busybox, docker.io/library/busybox:latest",
        "busybox:1.36, docker.io/library/busybox:1.36",
        "library/busybox, docker.io/library/busybox:latest",
        "docker.io/busybox, docker.io/library/busybox:latest",
        "index.docker.io/library/busybox:1, docker.io/library/busybox:1",
        "bitnami/nginx:1.2, docker.io/bitnami/nginx:1.2",
        "registry.k8s.io/pause:3.10, registry.k8s.io/pause:3.10",
        "localhost/app, localhost/app:latest",
        "localhost:5000/a/b/c:v1, localhost:5000/a/b/c:v1",
        "127.0.0.1:5000/app, 127.0.0.1:5000/app:latest",
        "quay.io/org/my_app__x-y.z:Tag_1.2-rc, quay.io/org/my_app__x-y.z:Tag_1.2-rc",
    })
    void normalisesLikeTheKubelet(String in, String out) {
        assertThat(ImageReference.parse(in).toString()).isEqualTo(out);
        assertThat(ImageReference.parse(in).name()).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource({
        "busybox@" + D + ", docker.io/library/busybox@" + D + ", docker.io/library/busybox@" + D,
        "busybox:1.36@" + D + ", docker.io/library/busybox:1.36@" + D + ", docker.io/library/busybox@" + D,
    })
    void digestsArePulledByDigest(String in, String full, String name) {
        ImageReference r = ImageReference.parse(in);
        assertThat(r.toString()).isEqualTo(full);
        assertThat(r.name()).isEqualTo(name);
        assertThat(r.object()).isEqualTo(D);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|it is empty",
                "Busybox|must be lowercase",
                "busybox:|tag '' is not valid",
                "busybox:-x|tag '-x' is not valid",
                "busybox@sha256:123|digest 'sha256:123'",
                "a//b|empty path component",
                "-host.io/x|registry host '-host.io'",
                "docker.io/a/B|lowercase",
                ":tag|no repository name",
                "bad_host.io:5000/x|registry host 'bad_host.io:5000'",
                "quay.io/org/b_|path component 'b_' is not valid",
                "a/.b|path component '.b' is not valid",
            })
    void malformedReferencesNameThemselves(String in, String why) {
        assertThatThrownBy(() -> ImageReference.parse(in))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("image reference '" + in + "'")
                .hasMessageContaining(why);
    }

    @Test
    void aRepositoryNameOf255CharactersIsTheLongestAllowed() {
        String path = "a/" + "b".repeat(255 - "docker.io/a/".length());
        assertThat(ImageReference.parse(path).repository()).hasSize(255);
        assertThatThrownBy(() -> ImageReference.parse(path + "b"))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("repository name is longer than 255 characters");
    }

    @ParameterizedTest
    @CsvSource({"sha256:" + "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0, true", "busybox, false"})
    void imageIds(String text, boolean id) {
        assertThat(ImageReference.isImageId(text)).isEqualTo(id);
    }
}
