package io.jcri.adapters.containerd.sandbox;

import io.jcri.adapters.containerd.node.DurableFiles;
import io.jcri.adapters.containerd.node.NodeCommands;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.sandbox.SandboxPaths;
import io.jcri.ports.out.SandboxFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link SandboxFiles} on this node: files under {@code <root-dir>/sandboxes/<id>/}, the shm tmpfs
 * (64 MiB) mounted at {@code <state-dir>/sandboxes/<id>/shm}.
 */
public final class NodeSandboxFiles implements SandboxFiles {
    static final String SHM_SIZE = "65536k";
    private static final String HOSTS = """
            127.0.0.1	localhost
            ::1	localhost ip6-localhost ip6-loopback
            fe00::0	ip6-localnet
            fe00::0	ip6-mcastprefix
            fe00::1	ip6-allnodes
            fe00::2	ip6-allrouters
            """;

    private final Path filesRoot;
    private final Path shmRoot;
    private final Path hostResolvConf;
    private final Path hostHosts;
    private final Path hostHostname;

    public NodeSandboxFiles(Path rootDir, Path stateDir) {
        this(rootDir, stateDir, Path.of("/etc/resolv.conf"), Path.of("/etc/hosts"), Path.of("/etc/hostname"));
    }

    NodeSandboxFiles(Path rootDir, Path stateDir, Path hostResolvConf, Path hostHosts, Path hostHostname) {
        this.filesRoot = rootDir.resolve("sandboxes");
        this.shmRoot = stateDir.resolve("sandboxes");
        this.hostResolvConf = hostResolvConf;
        this.hostHosts = hostHosts;
        this.hostHostname = hostHostname;
        removeStaleTemps(filesRoot);
    }

    @Override
    public SandboxPaths prepare(Request r) {
        Path dir = filesRoot.resolve(r.sandboxId());
        try {
            Files.createDirectories(dir);
            Path hostname = dir.resolve("hostname");
            Path hosts = dir.resolve("hosts");
            Path resolv = dir.resolve("resolv.conf");
            String name = r.hostNetwork() ? nodeHostname() : r.hostname();
            writeAtomically(hostname, name + "\n");
            writeAtomically(hosts, r.hostNetwork() && Files.exists(hostHosts) ? Files.readString(hostHosts) : HOSTS);
            writeAtomically(resolv, resolvConf(r));
            Optional<Path> shm = Optional.empty();
            if (!r.hostIpc()) {
                Path mountPoint = shmRoot.resolve(r.sandboxId()).resolve("shm");
                Files.createDirectories(mountPoint);
                if (!isMountPoint(mountPoint)) {
                    run(
                            "mount",
                            "-t",
                            "tmpfs",
                            "-o",
                            "nodev,noexec,nosuid,mode=1777,size=" + SHM_SIZE,
                            "shm",
                            mountPoint.toString());
                }
                shm = Optional.of(mountPoint);
            }
            return new SandboxPaths(hostname, hosts, resolv, shm);
        } catch (IOException | RuntimeException e) {
            remove(r.sandboxId());
            throw new JcriException.Internal(
                    "preparing files of sandbox " + r.sandboxId() + " failed: " + e.getMessage(), e);
        }
    }

    String resolvConf(Request r) throws IOException {
        if (r.dnsServers().isEmpty()
                && r.dnsSearches().isEmpty()
                && r.dnsOptions().isEmpty()) {
            return Files.exists(hostResolvConf) ? Files.readString(hostResolvConf) : "";
        }
        StringBuilder sb = new StringBuilder();
        for (String s : r.dnsServers()) {
            sb.append("nameserver ").append(s).append('\n');
        }
        if (!r.dnsSearches().isEmpty()) {
            sb.append("search ").append(String.join(" ", r.dnsSearches())).append('\n');
        }
        if (!r.dnsOptions().isEmpty()) {
            sb.append("options ").append(String.join(" ", r.dnsOptions())).append('\n');
        }
        return sb.toString();
    }

    private String nodeHostname() throws IOException {
        if (Files.exists(hostHostname)) {
            String h = Files.readString(hostHostname).trim();
            if (!h.isEmpty()) {
                return h;
            }
        }
        return java.net.InetAddress.getLocalHost().getHostName();
    }

    @Override
    public void releaseShm(String sandboxId) {
        Path mountPoint = shmRoot.resolve(sandboxId).resolve("shm");
        try {
            if (isMountPoint(mountPoint)) {
                run("umount", mountPoint.toString());
            }
        } catch (IOException e) {
            throw new JcriException.Internal(
                    "unmounting shm of sandbox " + sandboxId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(String sandboxId) {
        releaseShm(sandboxId);
        deleteTree(shmRoot.resolve(sandboxId));
        deleteTree(filesRoot.resolve(sandboxId));
    }

    @Override
    public List<String> sandboxIds() {
        List<String> ids = new ArrayList<>();
        for (Path root : List.of(filesRoot, shmRoot)) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.map(p -> p.getFileName().toString())
                        .filter(id -> !ids.contains(id))
                        .forEach(ids::add);
            } catch (IOException e) {
                throw new JcriException.Internal("cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        return ids;
    }

    /** Temp files a crash left under {@code <root>/<sandbox id>/}, removed before anything is written. */
    private static void removeStaleTemps(Path root) {
        try {
            DurableFiles.removeStaleTemps(root, 2);
        } catch (IOException e) {
            throw new JcriException.Internal("cannot clean temp files under " + root + ": " + e.getMessage(), e);
        }
    }

    static boolean isMountPoint(Path path) throws IOException {
        return NodeCommands.isMountPoint(path);
    }

    /** Written durably: temp file, fsync, rename, fsync of the directory ({@link DurableFiles}). */
    private static void writeAtomically(Path target, String content) throws IOException {
        DurableFiles.write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new JcriException.Internal("removing " + dir + " failed: " + e.getMessage(), e);
        }
    }

    private static void run(String... command) throws IOException {
        NodeCommands.run(null, command);
    }
}
