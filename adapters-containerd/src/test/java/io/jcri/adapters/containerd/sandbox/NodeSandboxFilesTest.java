package io.jcri.adapters.containerd.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.sandbox.SandboxPaths;
import io.jcri.ports.out.SandboxFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files and a real tmpfs mount (the tests run as root). */
class NodeSandboxFilesTest {
    @TempDir
    Path tmp;

    NodeSandboxFiles files;
    Path hostResolv;

    @BeforeEach
    void setUp() throws Exception {
        hostResolv = Files.writeString(tmp.resolve("host-resolv.conf"), "nameserver 192.0.2.53\n");
        Path hostHosts = Files.writeString(tmp.resolve("host-hosts"), "127.0.0.1 localhost node1\n");
        Path hostName = Files.writeString(tmp.resolve("host-hostname"), "node1\n");
        files = new NodeSandboxFiles(tmp.resolve("root"), tmp.resolve("state"), hostResolv, hostHosts, hostName);
    }

    @Test
    void writesPodFilesAndMountsA64MibShm() throws Exception {
        SandboxPaths p = files.prepare(new SandboxFiles.Request(
                "sb1",
                "web-0",
                List.of("10.96.0.10"),
                List.of("default.svc.cluster.local", "svc.cluster.local"),
                List.of("ndots:5"),
                false,
                false));
        try {
            assertThat(Files.readString(p.hostname())).isEqualTo("web-0\n");
            assertThat(Files.readString(p.hosts())).contains("127.0.0.1\tlocalhost");
            assertThat(Files.readString(p.resolvConf()))
                    .isEqualTo("nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local\n"
                            + "options ndots:5\n");
            assertThat(p.shm()).isPresent();
            assertThat(NodeSandboxFiles.isMountPoint(p.shm().get())).isTrue();
            String mount = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .filter(l -> l.contains(p.shm().get().toString()))
                    .findFirst()
                    .orElseThrow();
            assertThat(mount).startsWith("shm ").contains(" tmpfs ").contains("size=65536k");
            assertThat(files.sandboxIds()).containsExactly("sb1");
        } finally {
            files.remove("sb1");
        }
        assertThat(NodeSandboxFiles.isMountPoint(p.shm().get())).isFalse();
        assertThat(p.hostname()).doesNotExist();
        assertThat(files.sandboxIds()).isEmpty();
        files.remove("sb1"); // idempotent
    }

    @Test
    void hostNetworkAndIpcUseTheNodesFiles() throws Exception {
        SandboxPaths p =
                files.prepare(new SandboxFiles.Request("sb2", "ignored", List.of(), List.of(), List.of(), true, true));
        try {
            assertThat(Files.readString(p.hostname())).isEqualTo("node1\n");
            assertThat(Files.readString(p.hosts())).contains("node1");
            assertThat(Files.readString(p.resolvConf())).isEqualTo("nameserver 192.0.2.53\n");
            assertThat(p.shm()).isEmpty();
        } finally {
            files.remove("sb2");
        }
    }

    @Test
    void releaseShmKeepsTheFiles() throws Exception {
        SandboxPaths p =
                files.prepare(new SandboxFiles.Request("sb3", "h", List.of(), List.of(), List.of(), false, false));
        files.releaseShm("sb3");
        files.releaseShm("sb3");
        assertThat(NodeSandboxFiles.isMountPoint(p.shm().get())).isFalse();
        assertThat(p.hostname()).exists();
        files.remove("sb3");
    }

    @Test
    void tempFilesACrashLeftAreRemovedWhenJcriStartsAndThePodFilesKept() throws Exception {
        Path pod = Files.createDirectories(tmp.resolve("root/sandboxes/pod1"));
        Files.writeString(pod.resolve("hosts"), "127.0.0.1 localhost\n");
        Files.writeString(pod.resolve("hosts.tmp"), "127.0.0.1 loc");
        Files.writeString(pod.resolve(".resolv.conf.3.tmp"), "");

        new NodeSandboxFiles(tmp.resolve("root"), tmp.resolve("state"), hostResolv, hostResolv, hostResolv);
        try (var left = Files.list(pod)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("hosts");
        }
    }
}
