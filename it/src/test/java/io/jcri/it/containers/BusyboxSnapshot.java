package io.jcri.it.containers;

import io.jcri.domain.task.Mount;
import io.jcri.ports.out.ContainerRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A committed snapshot holding Debian's static busybox with its tool links, an /etc/passwd with
 * root and {@code app} (1000:1000), and an /etc/group where {@code app} is also in {@code staff}
 * (50): the rootfs the tests' images stand on. It is a GC root, so containerd keeps it.
 */
final class BusyboxSnapshot {
    static final String[] TOOLS = {
        "sh", "cat", "echo", "sleep", "id", "env", "pwd", "touch", "grep", "head", "tr", "dd", "printf", "true"
    };

    private BusyboxSnapshot() {}

    static void commit(ContainerRuntime runtime, String snapshotter, String name) throws IOException {
        String key = name + "-prepare";
        // Under a lease: containerd's garbage collector (which runs shortly after it starts)
        // removes an unleased active snapshot before it can be committed.
        String lease = name + "-lease";
        runtime.createLease(lease, Duration.ofMinutes(5), Map.of());
        try {
            fill(runtime.withLease(lease), snapshotter, name, key);
        } finally {
            runtime.deleteLease(lease);
        }
    }

    private static void fill(ContainerRuntime runtime, String snapshotter, String name, String key) throws IOException {
        List<Mount> mounts = runtime.prepareSnapshot(snapshotter, key, "", Map.of());
        Path root = dir(mounts);
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), root.resolve("bin/busybox"), StandardCopyOption.REPLACE_EXISTING);
        for (String tool : TOOLS) {
            Files.createSymbolicLink(root.resolve("bin").resolve(tool), Path.of("busybox"));
        }
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\nstaff:x:50:app\napp:x:1000:\n");
        for (String d : List.of("tmp", "proc", "sys", "dev", "work")) {
            Files.createDirectories(root.resolve(d));
        }
        root.resolve("tmp").toFile().setWritable(true, false);
        runtime.commitSnapshot(snapshotter, name, key, Map.of("containerd.io/gc.root", "jcri-it"));
    }

    private static Path dir(List<Mount> mounts) {
        for (Mount m : mounts) {
            if (m.type().equals("bind")) {
                return Path.of(m.source());
            }
            for (String o : m.options()) {
                if (o.startsWith("upperdir=")) {
                    return Path.of(o.substring("upperdir=".length()));
                }
            }
        }
        throw new IllegalStateException("no writable directory in " + mounts);
    }
}
