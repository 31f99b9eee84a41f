package io.jcri.adapters.containerd.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.task.Mount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootfsFileLinksTest {
    @TempDir
    Path tmp;

    private List<Mount> overlay(Path upper, Path lower) {
        return List.of(
                new Mount("overlay", "overlay", "", List.of("lowerdir=" + lower, "upperdir=" + upper, "workdir=/w")));
    }

    @Test
    void aLinkOnTheWayOutOfTheRootfsIsNotFollowed() throws Exception {
        Path host = Files.createDirectories(tmp.resolve("host-etc"));
        Files.writeString(host.resolve("passwd"), "root:x:0:0:host secret:/root:/bin/sh\n");
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Path lower = Files.createDirectories(tmp.resolve("lower/etc"));
        Files.writeString(lower.resolve("passwd"), "app:x:1000:1000::/home/app:/bin/sh\n");
        var nodeHost = new NodeContainerHost(HostFacts.typical());
        assertThat(nodeHost.rootfsFile(overlay(upper, tmp.resolve("lower")), "/etc/passwd"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("app:x:1000"));
        Files.createSymbolicLink(upper.resolve("etc"), host);
        assertThat(nodeHost.rootfsFile(overlay(upper, tmp.resolve("lower")), "/etc/passwd"))
                .as("upper's /etc is a link to the host's: nothing is read")
                .isEmpty();
        Files.delete(upper.resolve("etc"));
        Files.createDirectories(upper.resolve("etc"));
        Files.createSymbolicLink(upper.resolve("etc/passwd"), host.resolve("passwd"));
        assertThat(nodeHost.rootfsFile(overlay(upper, tmp.resolve("lower")), "/etc/passwd"))
                .isEmpty();
    }
}
