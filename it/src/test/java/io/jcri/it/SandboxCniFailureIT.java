package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.StatusRuntimeException;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.it.fixtures.CniConfigs;
import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A CNI plugin that fails on ADD: RunPodSandbox fails saying so, and nothing is left behind. */
class SandboxCniFailureIT {
    static ContainerdFixture containerd;
    static JcriFixture jcri;
    static Path ipamDir;
    static Path bin;

    @BeforeAll
    static void start() throws Exception {
        containerd = ContainerdFixture.start();
        ipamDir = TestDirs.create("ipam");
        bin = TestDirs.create("cnibin");
        Path failing = bin.resolve("fail-on-add");
        Files.writeString(
                failing,
                "#!/bin/sh\nif [ \"$CNI_COMMAND\" = ADD ]; then\n"
                        + "  echo '{\"cniVersion\":\"1.0.0\",\"code\":100,\"msg\":\"injected failure\"}'\n  exit 1\nfi\n"
                        + "echo '{}'\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwxr-xr-x"));
        JcriFixture.Builder b = JcriFixture.builder()
                .containerd(containerd)
                .property("jcri.sandbox-image", "builtin")
                .property("jcri.cni.bin-dirs", bin + "," + CniConfigs.DEBIAN_PLUGINS);
        CniConfigs.write(
                b.confDir(),
                "10-pods.conflist",
                CniConfigs.bridge("pods", "jcri-sb1", "10.88.61.0/24", ipamDir, "{\"type\": \"fail-on-add\"}"));
        jcri = b.start();
    }

    @AfterAll
    static void stop() {
        Teardown.close(jcri, containerd);
        Commands.run("ip", "link", "del", "jcri-sb1");
        TestDirs.delete(ipamDir);
        TestDirs.delete(bin);
    }

    static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> !p.getFileName().toString().equals("lock")).count();
        }
    }

    /** host-local's allocation files are named by the IP they hold. */
    static long ipAllocations() throws Exception {
        Path dir = ipamDir.resolve("pods");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("[0-9.]+"))
                    .count();
        }
    }

    @Test
    void aFailingAddLeavesNoNetnsIpContainerOrSnapshot() throws Exception {
        long netns = count(jcri.dir().resolve("state/netns"));
        long ips = ipAllocations();
        String containers = containerd.ctr("k8s.io", "containers", "ls", "-q");
        assertThatThrownBy(() -> jcri.runtime().runPodSandbox(SandboxIT.pod("doomed", 0)))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription())
                                .contains("CNI ADD")
                                .contains("injected failure"));
        assertThat(count(jcri.dir().resolve("state/netns"))).isEqualTo(netns);
        assertThat(ipAllocations()).as("IP allocations").isEqualTo(ips);
        assertThat(containerd.ctr("k8s.io", "containers", "ls", "-q")).isEqualTo(containers);
        assertThat(containerd.ctr("k8s.io", "snapshots", "ls")).doesNotContain("active");
        assertThat(count(jcri.dir().resolve("root/sandboxes"))).isZero();
        assertThat(jcri.runtime()
                        .listPodSandbox(ListPodSandboxRequest.getDefaultInstance())
                        .getItemsCount())
                .isZero();
    }
}
