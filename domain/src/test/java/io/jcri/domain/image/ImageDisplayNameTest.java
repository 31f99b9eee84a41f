package io.jcri.domain.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDisplayNameTest {
    static final String HEX = "0123456789abcdef".repeat(4);
    static final Image TAGGED = new Image(
            "sha256:" + HEX,
            List.of("docker.io/library/busybox:1.36", "docker.io/library/busybox:latest"),
            List.of("docker.io/library/busybox@sha256:" + "d".repeat(64)),
            10,
            ImageConfig.empty(),
            "",
            false,
            "{}");

    @Test
    void anImageIdBecomesTheFirstRepoTag() {
        assertThat(TAGGED.displayName("sha256:" + HEX)).isEqualTo("docker.io/library/busybox:1.36");
        assertThat(TAGGED.displayName(HEX)).isEqualTo("docker.io/library/busybox:1.36");
        assertThat(TAGGED.displayName(HEX.substring(0, 12))).isEqualTo("docker.io/library/busybox:1.36");
    }

    @Test
    void namesAndDigestReferencesStayAsGiven() {
        assertThat(TAGGED.displayName("busybox:latest")).isEqualTo("busybox:latest");
        assertThat(TAGGED.displayName("docker.io/library/busybox@sha256:" + "d".repeat(64)))
                .isEqualTo("docker.io/library/busybox@sha256:" + "d".repeat(64));
        assertThat(TAGGED.displayName(HEX.substring(0, 8))).isEqualTo(HEX.substring(0, 8));
        assertThat(TAGGED.displayName("sha256:" + "f".repeat(64))).isEqualTo("sha256:" + "f".repeat(64));
    }

    @Test
    void anUntaggedImageKeepsItsId() {
        Image untagged = new Image("sha256:" + HEX, List.of(), List.of(), 1, ImageConfig.empty(), "", false, "{}");
        assertThat(untagged.displayName("sha256:" + HEX)).isEqualTo("sha256:" + HEX);
    }
}
