package io.jcri.domain.oci;

import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.error.JcriException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The mounts of a container: the defaults, /dev/shm, the pod's hostname/hosts/resolv.conf files
 * and the CRI's host-path mounts, which replace a default at (or above) the same destination.
 * Propagation: PRIVATE is {@code rprivate}, HOST_TO_CONTAINER {@code rslave}, BIDIRECTIONAL
 * {@code rshared} and only on a host path whose mount is shared. An image volume arrives with the
 * host path where the core mounted the image, and is bound like a host path.
 */
public final class Mounts {
    private Mounts() {}

    public static final String HOST_SHM = "/dev/shm";

    /** A bind of a host file or directory. */
    public static OciSpec.Mount bind(String source, String destination, boolean readonly, String propagation) {
        return new OciSpec.Mount(destination, "bind", source, List.of("rbind", propagation, readonly ? "ro" : "rw"));
    }

    /** The /dev/shm of a pod member: the host's (host IPC), the pod's shared one, or a private tmpfs. */
    public static OciSpec.Mount shm(boolean hostIpc, @Nullable String podShmPath, boolean readonly) {
        if (hostIpc) {
            return new OciSpec.Mount(
                    "/dev/shm",
                    "bind",
                    HOST_SHM,
                    List.of("rbind", "rprivate", "nosuid", "nodev", "noexec", readonly ? "ro" : "rw"));
        }
        if (podShmPath != null && !podShmPath.isEmpty()) {
            return new OciSpec.Mount(
                    "/dev/shm",
                    "bind",
                    podShmPath,
                    List.of("rbind", "rprivate", "nosuid", "nodev", "noexec", readonly ? "ro" : "rw"));
        }
        return LinuxDefaults.shmTmpfs();
    }

    /** Binds of the pod's /etc/hostname, /etc/hosts and /etc/resolv.conf, for the given files. */
    public static List<OciSpec.Mount> podFiles(
            @Nullable String hostname, @Nullable String hosts, @Nullable String resolvConf, boolean readonly) {
        List<OciSpec.Mount> out = new ArrayList<>();
        if (hostname != null && !hostname.isEmpty()) {
            out.add(bind(hostname, "/etc/hostname", readonly, "rprivate"));
        }
        if (hosts != null && !hosts.isEmpty()) {
            out.add(bind(hosts, "/etc/hosts", readonly, "rprivate"));
        }
        if (resolvConf != null && !resolvConf.isEmpty()) {
            out.add(bind(resolvConf, "/etc/resolv.conf", readonly, "rprivate"));
        }
        return out;
    }

    /**
     * The OCI mount for a CRI mount, checked. A recursive read-only mount must also be read-only
     * and private, and needs a runtime handler that takes {@code rro}; it then gets {@code rro}
     * instead of {@code ro}, so its submounts are read-only too.
     *
     * @param recursiveReadOnlyMounts whether the container's runtime handler takes {@code rro}
     */
    public static OciSpec.Mount fromCri(
            String containerName, ContainerMount m, Set<String> sharedSources, boolean recursiveReadOnlyMounts) {
        if (!m.containerPath().startsWith("/")) {
            throw new JcriException.InvalidArgument("container \"" + containerName + "\": mount destination \""
                    + m.containerPath() + "\" is not an absolute path");
        }
        if (m.isImage() && m.hostPath().isEmpty()) {
            throw new JcriException.InvalidArgument("container \"" + containerName + "\": image volume at \""
                    + m.containerPath() + "\" (image " + m.image().image() + ") is not mounted on the node");
        }
        if (!m.hostPath().startsWith("/")) {
            throw new JcriException.InvalidArgument("container \"" + containerName + "\": mount source \""
                    + m.hostPath() + "\" is not an absolute path");
        }
        if (m.recursiveReadOnly()) {
            checkRecursiveReadOnly(containerName, m, recursiveReadOnlyMounts);
        }
        String propagation = switch (m.propagation()) {
            case PRIVATE -> "rprivate";
            case HOST_TO_CONTAINER -> "rslave";
            case BIDIRECTIONAL -> {
                if (!sharedSources.contains(m.hostPath())) {
                    throw new JcriException.InvalidArgument("container \"" + containerName
                            + "\": bidirectional mount of \"" + m.hostPath()
                            + "\" needs a host path on a shared mount, and its mount is not shared");
                }
                yield "rshared";
            }
        };
        String mode = m.recursiveReadOnly() ? "rro" : m.readonly() ? "ro" : "rw";
        List<String> options = new ArrayList<>(List.of("rbind", propagation, mode));
        options.addAll(MountOptions.checked(containerName, m));
        return new OciSpec.Mount(clean(m.containerPath()), "bind", m.hostPath(), options);
    }

    private static void checkRecursiveReadOnly(String containerName, ContainerMount m, boolean supported) {
        String what = "container \"" + containerName + "\": mount at \"" + m.containerPath() + "\" (host path \""
                + m.hostPath() + "\") is recursive read-only";
        if (!m.readonly()) {
            throw new JcriException.InvalidArgument(what + " but not read-only: set readonly too");
        }
        if (m.propagation() != MountPropagation.PRIVATE) {
            throw new JcriException.InvalidArgument(
                    what + " with propagation " + m.propagation() + ": recursive read-only needs PRIVATE propagation");
        }
        if (!supported) {
            throw new JcriException.InvalidArgument(what + ", which the container's runtime handler cannot do"
                    + " (its OCI runtime has no \"rro\" mount option or the kernel has no mount_setattr)");
        }
    }

    /**
     * The final list: the base mounts without those a CRI mount replaces (same destination or
     * below it), then the CRI mounts with parents before children.
     */
    public static List<OciSpec.Mount> merge(List<OciSpec.Mount> base, List<OciSpec.Mount> cri) {
        List<OciSpec.Mount> out = new ArrayList<>();
        for (OciSpec.Mount b : base) {
            boolean replaced = cri.stream().anyMatch(c -> covers(c.destination(), b.destination()));
            if (!replaced) {
                out.add(b);
            }
        }
        List<OciSpec.Mount> sorted = new ArrayList<>(cri);
        sorted.sort(Comparator.comparingInt(m -> depth(m.destination())));
        out.addAll(sorted);
        return out;
    }

    /** Whether a mount at {@code outer} hides a mount at {@code inner}. */
    static boolean covers(String outer, String inner) {
        String o = clean(outer);
        String i = clean(inner);
        return o.equals(i) || o.equals("/") || i.startsWith(o + "/");
    }

    static String clean(String path) {
        String p = path.replaceAll("/+", "/");
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static int depth(String path) {
        String p = clean(path);
        return p.equals("/") ? 0 : (int) p.chars().filter(c -> c == '/').count();
    }
}
