package io.jcri.adapters.containerd.node;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.Set;

/**
 * Whether the kernel has {@code mount_setattr(2)} (Linux 5.12+), which OCI runtimes use to make a
 * mount read-only recursively ({@code rro}). Asked once: the call is made with a zero attribute
 * size, which a kernel that has it refuses with {@code EINVAL} before looking at anything else,
 * and one without it with {@code ENOSYS} (a seccomp filter's {@code EPERM} counts as absent too).
 */
final class MountSetattr {
    /** {@code mount_setattr}'s number in the syscall table these architectures share. */
    static final long SYSCALL = 442;

    static final int EINVAL = 22;
    private static final Set<String> SHARED_TABLE =
            Set.of("amd64", "x86_64", "aarch64", "riscv64", "ppc64le", "s390x", "loongarch64");

    private MountSetattr() {}

    private interface LibC extends Library {
        long syscall(long number, Object... args) throws LastErrorException;
    }

    private static final class Once {
        static final boolean AVAILABLE = probe(System.getProperty("os.arch", ""));
    }

    /** Whether {@code mount_setattr(2)} is there, asked of the kernel the first time only. */
    static boolean available() {
        return Once.AVAILABLE;
    }

    static boolean probe(String arch) {
        if (!System.getProperty("os.name", "").equals("Linux") || !SHARED_TABLE.contains(arch)) {
            return false;
        }
        LibC libc;
        try {
            libc = Native.load("c", LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
        try {
            libc.syscall(SYSCALL, -1, Pointer.NULL, 0, Pointer.NULL, 0L);
            return true; // cannot succeed with a zero size, but if it did the call exists
        } catch (LastErrorException e) {
            return e.getErrorCode() == EINVAL;
        }
    }
}
