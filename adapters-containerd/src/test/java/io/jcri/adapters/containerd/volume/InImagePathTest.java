package io.jcri.adapters.containerd.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InImagePathTest {
    @TempDir
    Path tmp;

    Path image;

    @BeforeEach
    void image() throws Exception {
        image = tmp.resolve("image");
        Files.createDirectories(image.resolve("etc/ssl"));
        Files.writeString(image.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\n");
        Files.createDirectories(image.resolve("usr/share"));
        Files.createDirectories(tmp.resolve("host-secret"));
    }

    @Test
    void plainPathsAreFoundAndMissingOnesAreNot() throws Exception {
        assertThat(InImagePath.resolve(image, "")).contains(image);
        assertThat(InImagePath.resolve(image, "etc")).contains(image.resolve("etc"));
        assertThat(InImagePath.resolve(image, "etc/passwd")).contains(image.resolve("etc/passwd"));
        assertThat(InImagePath.resolve(image, "not-existing")).isEmpty();
        assertThat(InImagePath.resolve(image, "etc/passwd/x")).isEmpty();
    }

    @Test
    void relativeLinksAreFollowedInsideTheImage() throws Exception {
        Files.createSymbolicLink(image.resolve("conf"), Path.of("etc/ssl"));
        assertThat(InImagePath.resolve(image, "conf")).contains(image.resolve("etc/ssl"));
    }

    @Test
    void absoluteLinksStartAgainAtTheImagesRootNotTheNodes() throws Exception {
        Files.createSymbolicLink(image.resolve("share"), Path.of("/usr/share"));
        Files.createSymbolicLink(image.resolve("secret"), tmp.resolve("host-secret"));
        assertThat(InImagePath.resolve(image, "share")).contains(image.resolve("usr/share"));
        assertThat(InImagePath.resolve(image, "secret")).isEmpty();
    }

    @Test
    void linksClimbingOutStopAtTheImagesRoot() throws Exception {
        Files.createSymbolicLink(image.resolve("etc/up"), Path.of("../../../../host-secret"));
        Files.createSymbolicLink(image.resolve("etc/top"), Path.of("../../.."));
        assertThat(InImagePath.resolve(image, "etc/up")).isEmpty();
        assertThat(InImagePath.resolve(image, "etc/top")).contains(image);
        assertThat(InImagePath.resolve(image, "etc/top/etc/passwd")).contains(image.resolve("etc/passwd"));
    }

    @Test
    void aLinkLoopIsNothing() throws Exception {
        Files.createSymbolicLink(image.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(image.resolve("b"), Path.of("a"));
        assertThat(InImagePath.resolve(image, "a")).isEmpty();
    }
}
