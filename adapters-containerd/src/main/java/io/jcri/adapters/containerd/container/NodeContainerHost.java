package io.jcri.adapters.containerd.container;

import io.jcri.domain.cdi.CdiRegistry;
import io.jcri.domain.container.DeviceNode;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.task.Mount;
import io.jcri.ports.out.ContainerHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerHost} on this Linux node: the facts it is given (see {@code HostFactsProbe}), files of a
 * prepared rootfs read straight from its snapshot's directories (overlay upper, then lower
 * layers; or a bind source), devices from stat, and mount propagation from
 * /proc/self/mountinfo.
 */
final class NodeContainerHost implements ContainerHost {
    private static final Logger log = LoggerFactory.getLogger(NodeContainerHost.class);
    /** The most of a rootfs file read (passwd and group files are small). */
    static final long MAX_ROOTFS_FILE = 4L * 1024 * 1024;

    private final HostFacts facts;
    private final CdiSpecDirectories cdi;

    NodeContainerHost(HostFacts facts) {
        this(facts, List.of());
    }

    NodeContainerHost(HostFacts facts, List<Path> cdiSpecDirs) {
        this.facts = facts;
        this.cdi = new CdiSpecDirectories(cdiSpecDirs);
        log.debug(
                "node facts: cgroup {}, hugetlb {}, apparmor {}, oom_score_adj {}, {} capabilities",
                facts.cgroupV2() ? "v2" : "v1",
                facts.hugetlbAvailable(),
                facts.appArmorEnabled(),
                facts.currentOomScoreAdj(),
                facts.availableCapabilities().size());
    }

    @Override
    public HostFacts facts() {
        return facts;
    }

    @Override
    public CdiRegistry cdiDevices() {
        return cdi.load();
    }

    @Override
    public Optional<String> rootfsFile(List<Mount> rootfs, String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        for (Path dir : layerDirs(rootfs)) {
            Path f = dir.resolve(relative).normalize();
            if (!f.startsWith(dir) || linkBelow(dir, f)) {
                // a link on the way (/etc -> /host/etc) would lead out of the rootfs: not read
                return Optional.empty();
            }
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                try (var in =
                        Files.newByteChannel(f, java.nio.file.StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    if (in.size() > MAX_ROOTFS_FILE) {
                        return Optional.empty();
                    }
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) in.size());
                    while (buf.hasRemaining() && in.read(buf) > 0) {
                        // read it all
                    }
                    return Optional.of(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    log.debug("cannot read {}: {}", f, e.getMessage());
                    return Optional.empty();
                }
            }
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                // a whiteout, a symlink or a directory hides the lower layers' file
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Whether a directory between {@code dir} and {@code f} (both excluded) is a symbolic link. */
    static boolean linkBelow(Path dir, Path f) {
        Path p = dir;
        Path rel = dir.relativize(f);
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            p = p.resolve(rel.getName(i));
            if (Files.isSymbolicLink(p)) {
                return true;
            }
        }
        return false;
    }

    /** The directories of a rootfs, top layer first. */
    static List<Path> layerDirs(List<Mount> rootfs) {
        List<Path> dirs = new ArrayList<>();
        for (Mount m : rootfs) {
            if (m.type().equals("overlay")) {
                String upper = null;
                String lower = null;
                for (String o : m.options()) {
                    if (o.startsWith("upperdir=")) {
                        upper = o.substring(9);
                    } else if (o.startsWith("lowerdir=")) {
                        lower = o.substring(9);
                    }
                }
                if (upper != null) {
                    dirs.add(Path.of(upper));
                }
                if (lower != null) {
                    for (String l : lower.split(":")) {
                        dirs.add(Path.of(l));
                    }
                }
            } else if (m.type().equals("bind")
                    || m.options().contains("bind")
                    || m.options().contains("rbind")) {
                dirs.add(Path.of(m.source()));
            }
        }
        return dirs;
    }

    @Override
    public Optional<DeviceNode> deviceNode(String hostPath) {
        Path p = Path.of(hostPath);
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            char type;
            int kind = mode & 0170000;
            if (kind == 0020000) {
                type = 'c';
            } else if (kind == 0060000) {
                type = 'b';
            } else {
                return Optional.empty();
            }
            long rdev = (Long) Files.getAttribute(p, "unix:rdev");
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            int uid = (Integer) Files.getAttribute(p, "unix:uid");
            int gid = (Integer) Files.getAttribute(p, "unix:gid");
            return Optional.of(new DeviceNode(type, major, minor, mode & 07777, uid, gid));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean onSharedMount(String hostPath) {
        Path path;
        try {
            path = Path.of(hostPath).toRealPath();
        } catch (IOException e) {
            return false;
        }
        String best = "";
        boolean shared = false;
        for (String line : read(Path.of("/proc/self/mountinfo")).split("\n")) {
            String[] f = line.split(" ");
            if (f.length < 7) {
                continue;
            }
            String mountPoint = unescape(f[4]);
            if (!path.startsWith(Path.of(mountPoint)) || mountPoint.length() < best.length()) {
                continue;
            }
            best = mountPoint;
            shared = false;
            for (int i = 6; i < f.length && !f[i].equals("-"); i++) {
                if (f[i].startsWith("shared:")) {
                    shared = true;
                }
            }
        }
        return shared;
    }

    @Override
    public String readProfile(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new JcriException.InvalidArgument(
                    "the seccomp profile \"" + path + "\" cannot be read: " + e.getMessage(), e);
        }
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ")
                .replace("\\011", "\t")
                .replace("\\012", "\n")
                .replace("\\134", "\\");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
