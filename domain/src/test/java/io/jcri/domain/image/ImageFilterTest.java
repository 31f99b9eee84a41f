package io.jcri.domain.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageFilterTest {
    static final String ID = "sha256:" + "c".repeat(64);
    static final Image BUSYBOX = new Image(
            ID,
            List.of("docker.io/library/busybox:latest"),
            List.of("docker.io/library/busybox@sha256:" + "d".repeat(64)),
            10,
            ImageConfig.empty(),
            "",
            false,
            "{}");
    static final Image OTHER = new Image(
            "sha256:" + "e".repeat(64), List.of("r.io/x:1"), List.of(), 1, ImageConfig.empty(), "", false, "{}");

    @Test
    void emptyFilterKeepsAll() {
        assertThat(ImageFilter.ALL.apply(List.of(BUSYBOX, OTHER))).containsExactly(BUSYBOX, OTHER);
    }

    @Test
    void filterNormalisesTheReference() {
        assertThat(new ImageFilter("busybox").apply(List.of(BUSYBOX, OTHER))).containsExactly(BUSYBOX);
        assertThat(new ImageFilter("r.io/x:1").apply(List.of(BUSYBOX, OTHER))).containsExactly(OTHER);
        assertThat(new ImageFilter("busybox@sha256:" + "d".repeat(64)).apply(List.of(BUSYBOX, OTHER)))
                .containsExactly(BUSYBOX);
    }

    @Test
    void filterByIdWithOrWithoutAlgorithm() {
        assertThat(new ImageFilter(ID).apply(List.of(BUSYBOX, OTHER))).containsExactly(BUSYBOX);
        assertThat(new ImageFilter("c".repeat(64)).apply(List.of(BUSYBOX, OTHER)))
                .containsExactly(BUSYBOX);
        assertThat(new ImageFilter("nothing:here").apply(List.of(BUSYBOX, OTHER)))
                .isEmpty();
    }
}
