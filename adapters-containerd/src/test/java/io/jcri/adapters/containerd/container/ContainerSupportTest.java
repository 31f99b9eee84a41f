package io.jcri.adapters.containerd.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.adapters.containerd.node.HostFactsProbe;
import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.container.HugepageLimit;
import io.jcri.domain.container.ImageVolume;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.container.ProcessUser;
import io.jcri.domain.error.JcriException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerSupportTest {
    static final Instant T1 = Instant.parse("2026-01-01T00:00:01.123456789Z");
    static final Instant T2 = Instant.parse("2026-01-01T00:00:09Z");

    @TempDir
    Path dir;

    @Test
    void statusFilesRoundTripEveryStateAndAreReplacedWhole() throws Exception {
        FileContainerStatusFiles files = new FileContainerStatusFiles(dir.resolve("containers"));
        for (ContainerState s : List.of(
                ContainerState.CREATED,
                new ContainerState.Running(42, T1),
                new ContainerState.Exited(T1, T2, 137, "OOMKilled", "killed \"x\""),
                new ContainerState.Exited(null, T2, 128, "StartError", "exec failed"),
                new ContainerState.Unknown("gone"))) {
            files.write("c1", s);
            assertThat(files.read("c1")).contains(s);
        }
        try (var list = Files.list(dir.resolve("containers/c1"))) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("status.json");
        }
        assertThat(files.containerIds()).containsExactly("c1");
        files.delete("c1");
        files.delete("c1");
        assertThat(files.read("c1")).isEmpty();
        assertThat(files.containerIds()).isEmpty();
    }

    @Test
    void anUnreadableStatusFileReadsAsNone() throws Exception {
        FileContainerStatusFiles files = new FileContainerStatusFiles(dir);
        Files.createDirectories(dir.resolve("c2"));
        Files.writeString(dir.resolve("c2/status.json"), "{\"state\":");
        assertThat(files.read("c2")).isEmpty();
        assertThatThrownBy(() -> files.write("../x", ContainerState.CREATED))
                .isInstanceOf(JcriException.InvalidArgument.class);
    }

    @Test
    void metadataAndResourcesRoundTrip() {
        JsonContainerDocuments docs = new JsonContainerDocuments();
        ContainerMetadata m = new ContainerMetadata(
                "c1",
                "s1",
                "app",
                2,
                "busybox:1",
                "sha256:aa",
                "registry/busybox@sha256:bb",
                T1,
                "/var/log/pods/x/app/2.log",
                Map.of("a", "b"),
                Map.of("n", "{\"json\":true}"),
                List.of(
                        new ContainerMount(
                                "/data",
                                "/srv/data",
                                true,
                                MountPropagation.HOST_TO_CONTAINER,
                                false,
                                null,
                                List.of("noexec", "nosuid")),
                        new ContainerMount(
                                "/mnt/image",
                                "",
                                true,
                                MountPropagation.PRIVATE,
                                false,
                                new ImageVolume("sha256:cc", "busybox:1", "sha256:cc", "etc"))),
                true,
                true,
                false,
                2,
                "runc",
                "overlayfs",
                new ProcessUser(1000, 1000, List.of(50L, 1000L)),
                new io.jcri.domain.container.ImageRequest("busybox:1", Map.of("a", "b"), "runc"));
        assertThat(docs.decodeMetadata(docs.encodeMetadata(m))).isEqualTo(m);
        LinuxResources r = new LinuxResources(
                100000,
                50000,
                512,
                64L << 20,
                0,
                -999,
                "0-1",
                "0",
                List.of(new HugepageLimit("2MB", 4L << 20)),
                Map.of("memory.high", "1000000"));
        assertThat(docs.decodeResources(docs.encodeResources(r))).isEqualTo(r);
        assertThatThrownBy(() -> docs.decodeMetadata("[]")).isInstanceOf(JcriException.InvalidArgument.class);
    }

    @Test
    void rootfsFilesAreReadFromTheTopmostLayerThatHasThem() throws Exception {
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path l1 = Files.createDirectories(dir.resolve("l1/etc"));
        Path l2 = Files.createDirectories(dir.resolve("l2/etc"));
        Files.writeString(l1.resolve("passwd"), "root:x:0:0::/:/bin/sh\napp:x:1000:1000::/:/bin/sh\n");
        Files.writeString(l2.resolve("passwd"), "root:x:0:0::/:/bin/sh\n");
        Files.writeString(l2.resolve("group"), "root:x:0:\n");
        var overlay = new io.jcri.domain.task.Mount(
                "overlay",
                "overlay",
                "",
                List.of(
                        "workdir=" + dir.resolve("work"),
                        "upperdir=" + upper,
                        "lowerdir=" + dir.resolve("l1") + ":" + dir.resolve("l2")));
        NodeContainerHost host = new NodeContainerHost(HostFactsProbe.probe(false));
        assertThat(host.rootfsFile(List.of(overlay), "/etc/passwd"))
                .hasValueSatisfying(s -> assertThat(s).contains("app:x:1000"));
        assertThat(host.rootfsFile(List.of(overlay), "/etc/group")).contains("root:x:0:\n");
        assertThat(host.rootfsFile(List.of(overlay), "/etc/shadow")).isEmpty();
        assertThat(host.rootfsFile(List.of(overlay), "/../../etc/passwd")).isEmpty();
        var bind = new io.jcri.domain.task.Mount("bind", dir.resolve("l2").toString(), "", List.of("rbind", "rw"));
        assertThat(host.rootfsFile(List.of(bind), "/etc/passwd")).contains("root:x:0:0::/:/bin/sh\n");
    }

    @Test
    void devicesAndFactsComeFromTheNode() {
        NodeContainerHost host = new NodeContainerHost(HostFactsProbe.probe(false));
        assertThat(host.deviceNode("/dev/null")).hasValueSatisfying(d -> {
            assertThat(d.type()).isEqualTo('c');
            assertThat(d.major()).isEqualTo(1);
            assertThat(d.minor()).isEqualTo(3);
        });
        assertThat(host.deviceNode("/etc/hostname")).isEmpty();
        assertThat(host.facts().availableCapabilities()).isNotEmpty();
        assertThatThrownBy(() -> host.readProfile(dir.resolve("nope.json").toString()))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("nope.json");
    }

    @Test
    void statusTempFilesACrashLeftAreRemovedWhenTheStoreOpens(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path c = java.nio.file.Files.createDirectories(dir.resolve("abc"));
        java.nio.file.Files.writeString(c.resolve("status.json.17.tmp"), "{\"state\":\"run");
        ContainerSupport.statusFiles(dir).write("abc", io.jcri.domain.container.ContainerState.CREATED);

        try (var left = java.nio.file.Files.list(c)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("status.json");
        }
    }
}
