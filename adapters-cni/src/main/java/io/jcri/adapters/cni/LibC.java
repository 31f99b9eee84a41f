package io.jcri.adapters.cni;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The few libc calls the JVM lacks: namespaces, bind mounts, signals to process groups. */
interface LibC extends Library {
    int CLONE_NEWNET = 0x40000000;
    long MS_BIND = 4096;
    int MNT_DETACH = 2;
    int EINVAL = 22;
    int ENOENT = 2;
    int ESRCH = 3;

    int unshare(int flags) throws LastErrorException;

    int mount(String source, String target, String fstype, NativeLong flags, Pointer data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;

    // ---- entering a namespace (port forwarding) ----
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    /** Loaded on first use, so classes that never call libc do not need it. */
    final class Holder {
        static final LibC INSTANCE = Native.load("c", LibC.class);

        private Holder() {}
    }

    static LibC get() {
        return Holder.INSTANCE;
    }
}
