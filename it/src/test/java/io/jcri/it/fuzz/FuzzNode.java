package io.jcri.it.fuzz;

import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.ListContainersRequest;
import io.jcri.cri.v1.ListImagesRequest;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.RemoveContainerRequest;
import io.jcri.cri.v1.RemoveImageRequest;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.it.fixtures.CniConfigs;
import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.TestDirs;
import io.jcri.it.fixtures.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The node the fuzzer runs on, all of it private: a registry with a busybox image, a containerd
 * with its own root, state and socket, and jcri with its own root, state and socket and a CNI
 * bridge and subnet no IT uses. It counts what exists (pods, containers, tasks, snapshots, leases,
 * images, netns, IPs, jcri's files, mounts, shims) so the run can show what it left behind.
 */
final class FuzzNode implements AutoCloseable {
    static final String BRIDGE = "jcri-fz0";
    static final String SUBNET = "10.88.200.0/24";
    static final String NAMESPACE = "k8s.io";

    final Path dir = TestDirs.create("fuzz");
    final Path ipam = dir.resolve("ipam");
    final Path logs = dir.resolve("logs");
    final Path scratch = dir.resolve("scratch");
    RegistryFixture registry;
    ContainerdFixture containerd;
    JcriFixture jcri;
    String busybox;

    void start() throws IOException {
        Files.createDirectories(logs);
        Files.createDirectories(scratch);
        registry = RegistryFixture.open();
        registry.pusher().push("fuzz/busybox", "1", TestImages.busybox("0", "fuzz", false));
        busybox = registry.host() + "/fuzz/busybox:1";
        containerd = ContainerdFixture.start();
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd).property("jcri.sandbox-image", "builtin");
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), registry.host(), registry.host());
        CniConfigs.write(b.confDir(), "10-fuzz.conflist", CniConfigs.bridge("fuzz", BRIDGE, SUBNET, ipam, ""));
        jcri = b.start();
    }

    /** Removes, through the CRI, every pod and container, and every image not in {@code keep}. */
    void removeWhatTheRunMade(List<String> keep) {
        var cri = jcri.runtime();
        for (var p :
                cri.listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()) {
            cri.stopPodSandbox(StopPodSandboxRequest.newBuilder()
                    .setPodSandboxId(p.getId())
                    .build());
            cri.removePodSandbox(RemovePodSandboxRequest.newBuilder()
                    .setPodSandboxId(p.getId())
                    .build());
        }
        for (var c :
                cri.listContainers(ListContainersRequest.getDefaultInstance()).getContainersList()) {
            cri.removeContainer(RemoveContainerRequest.newBuilder()
                    .setContainerId(c.getId())
                    .build());
        }
        for (var i :
                jcri.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesList()) {
            if (!keep.contains(i.getId())) {
                jcri.images()
                        .removeImage(RemoveImageRequest.newBuilder()
                                .setImage(ImageSpec.newBuilder().setImage(i.getId()))
                                .build());
            }
        }
    }

    List<String> imageIds() {
        return jcri.images().listImages(ListImagesRequest.getDefaultInstance()).getImagesList().stream()
                .map(i -> i.getId())
                .toList();
    }

    /** How many of each kind of thing exists now. */
    Map<String, Long> census() {
        Map<String, Long> n = new LinkedHashMap<>();
        var cri = jcri.runtime();
        n.put("cri pods", (long)
                cri.listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsCount());
        n.put("cri containers", (long)
                cri.listContainers(ListContainersRequest.getDefaultInstance()).getContainersCount());
        n.put("cri images", (long) imageIds().size());
        for (String what : List.of("containers", "tasks", "snapshots", "leases", "images")) {
            n.put("containerd " + what, lines(containerd.ctr(NAMESPACE, what, "ls", "-q")));
        }
        n.put("netns", entries(jcri.dir().resolve("state/netns")));
        n.put("ips", ips());
        n.put("mounts", mounts());
        n.put(
                "shims",
                lines(Commands.run("sh", "-c", "pgrep -f 'containerd-shim.*" + containerd.dir() + "' || true")
                        .output()));
        for (String root : List.of("root", "state")) {
            Path base = jcri.dir().resolve(root);
            try (Stream<Path> kids = Files.list(base)) {
                for (Path kid : kids.filter(Files::isDirectory).sorted().toList()) {
                    String name = root + "/" + kid.getFileName();
                    if (name.equals("state/io")) {
                        // per-container FIFO directories and exec's, each under a directory of its kind
                        n.put("jcri state/io/containers", entries(kid.resolve("containers")));
                        n.put("jcri state/io/exec", entries(kid.resolve("exec")));
                    } else if (!name.equals("state/netns")) {
                        n.put("jcri " + name, entries(kid));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return n;
    }

    private long ips() {
        Path net = ipam.resolve("fuzz");
        if (!Files.isDirectory(net)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(net)) {
            return files.filter(f -> f.getFileName().toString().matches("[0-9.]+"))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long mounts() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(l -> l.contains(jcri.dir().toString()) || l.contains(containerd.dir() + "/"))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long entries(Path d) {
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(d)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long lines(String out) {
        return Arrays.stream(out.split("\n")).filter(l -> !l.isBlank()).count();
    }

    @Override
    public void close() {
        try {
            if (jcri != null) {
                jcri.close();
            }
        } finally {
            if (containerd != null) {
                containerd.close();
            }
            if (registry != null) {
                registry.close();
            }
            Commands.run("ip", "link", "del", BRIDGE);
            Commands.run(
                    "sh", "-c", "grep -o ' " + dir + "[^ ]*' /proc/self/mountinfo | sort -r | xargs -r -n1 umount");
            TestDirs.delete(dir);
        }
    }
}
