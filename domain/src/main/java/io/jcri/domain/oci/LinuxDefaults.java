package io.jcri.domain.oci;

import java.util.List;

/** The defaults of an unprivileged container's Linux setup: mounts and hidden or read-only paths. */
public final class LinuxDefaults {
    private LinuxDefaults() {}

    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** The size of a pod's private /dev/shm: 64 MiB. */
    public static final String SHM_SIZE = "size=65536k";

    /** Paths under /proc and /sys that leak node information, hidden from containers. */
    public static final List<String> MASKED_PATHS = List.of(
            "/proc/acpi",
            "/proc/asound",
            "/proc/kcore",
            "/proc/keys",
            "/proc/latency_stats",
            "/proc/timer_list",
            "/proc/timer_stats",
            "/proc/sched_debug",
            "/proc/scsi",
            "/sys/firmware",
            "/sys/devices/virtual/powercap");

    /** Paths under /proc a container may read but not write. */
    public static final List<String> READONLY_PATHS =
            List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /** The file-system mounts every container gets; sysfs and cgroup are read-write only when privileged. */
    public static List<OciSpec.Mount> mounts(boolean privileged) {
        String sysMode = privileged ? "rw" : "ro";
        return List.of(
                new OciSpec.Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount(
                        "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                new OciSpec.Mount(
                        "/dev/pts",
                        "devpts",
                        "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                shmTmpfs(),
                new OciSpec.Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                new OciSpec.Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", sysMode)),
                new OciSpec.Mount(
                        "/sys/fs/cgroup",
                        "cgroup",
                        "cgroup",
                        List.of("nosuid", "noexec", "nodev", "relatime", sysMode)));
    }

    /** A private 64 MiB /dev/shm. */
    public static OciSpec.Mount shmTmpfs() {
        return new OciSpec.Mount(
                "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", SHM_SIZE));
    }
}
