package io.jcri.adapters.containerd.volume;

import io.jcri.adapters.containerd.node.NodeCommands;
import io.jcri.domain.task.Mount;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Mounting on this node with util-linux's {@code mount} and {@code umount}, and reading
 * /proc/self/mountinfo.
 */
final class NodeMounts {
    /** Longer mount options than this go past the kernel's page-sized limit. */
    static final int MAX_OPTIONS = 4000;

    private NodeMounts() {}

    /** Mounts a snapshot's mount read-only on {@code target}. */
    static void mountReadOnly(Mount m, Path target) throws IOException {
        boolean bind = m.type().equals("bind")
                || m.options().contains("bind")
                || m.options().contains("rbind");
        if (bind) {
            run(null, "mount", m.options().contains("rbind") ? "--rbind" : "--bind", m.source(), target.toString());
            run(null, "mount", "-o", "remount,bind,ro", target.toString());
            return;
        }
        List<String> options = new ArrayList<>();
        for (String o : m.options()) {
            if (!o.equals("rw") && !o.equals("ro")) {
                options.add(o);
            }
        }
        options.add("ro");
        Path cwd = null;
        if (String.join(",", options).length() > MAX_OPTIONS) {
            cwd = commonLowerParent(options);
            if (cwd != null) {
                options = relativeLowerDirs(options, cwd);
            }
        }
        run(cwd, "mount", "-t", m.type(), "-o", String.join(",", options), m.source(), target.toString());
    }

    /** The deepest directory all of an overlay's lower directories are in, or null. */
    static Path commonLowerParent(List<String> options) {
        Path common = null;
        for (String o : options) {
            if (!o.startsWith("lowerdir=")) {
                continue;
            }
            for (String dir : o.substring("lowerdir=".length()).split(":")) {
                Path parent = Path.of(dir).getParent();
                if (parent == null) {
                    return null;
                }
                while (common != null && !parent.startsWith(common)) {
                    common = common.getParent();
                }
                common = common == null ? parent : common;
            }
        }
        return common;
    }

    /** The options with the lower directories relative to {@code cwd}, which holds them all. */
    static List<String> relativeLowerDirs(List<String> options, Path cwd) {
        List<String> out = new ArrayList<>();
        for (String o : options) {
            if (!o.startsWith("lowerdir=")) {
                out.add(o);
                continue;
            }
            List<String> dirs = new ArrayList<>();
            for (String dir : o.substring("lowerdir=".length()).split(":")) {
                dirs.add(cwd.relativize(Path.of(dir)).toString());
            }
            out.add("lowerdir=" + String.join(":", dirs));
        }
        return out;
    }

    /** Unmounts everything mounted on {@code target}, lazily when it is busy. */
    static void unmountAll(Path target) throws IOException {
        for (int i = 0; i < 16 && isMountPoint(target); i++) {
            try {
                run(null, "umount", target.toString());
            } catch (IOException busy) {
                run(null, "umount", "-l", target.toString());
            }
        }
        if (isMountPoint(target)) {
            throw new IOException(target + " is still a mount point");
        }
    }

    static boolean isMountPoint(Path path) throws IOException {
        return NodeCommands.isMountPoint(path);
    }

    private static void run(Path cwd, String... command) throws IOException {
        NodeCommands.run(cwd, command);
    }
}
