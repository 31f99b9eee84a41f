package io.jcri.adapters.containerd.stats;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.jcri.domain.stats.FsCapacity;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A filesystem's size and inodes from libc's {@code statvfs} (through JNA, on 64-bit Linux where
 * {@code struct statvfs} is eleven 8-byte fields); without it, the JVM's file store gives the size
 * and the inodes read as 0.
 */
final class Statvfs {
    private static final int STRUCT_BYTES = 128;

    private Statvfs() {}

    private interface LibC extends Library {
        int statvfs(String path, Pointer buf) throws LastErrorException;
    }

    private static final class Native_ {
        static final LibC LIBC = load();

        private static LibC load() {
            if (!Platform.isLinux() || !Platform.is64Bit()) {
                return null;
            }
            try {
                return Native.load("c", LibC.class);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return null;
            }
        }
    }

    static Optional<FsCapacity> of(Path path) {
        LibC libc = Native_.LIBC;
        if (libc != null) {
            try (Memory buf = new Memory(STRUCT_BYTES)) {
                buf.clear();
                libc.statvfs(path.toString(), buf);
                return Optional.of(decode(buf));
            } catch (LastErrorException e) {
                return Optional.empty();
            }
        }
        try {
            FileStore store = Files.getFileStore(path);
            return Optional.of(new FsCapacity(store.getTotalSpace(), 0, 0));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** f_bsize, f_frsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, ...: the size is in f_frsize units. */
    static FsCapacity decode(Pointer buf) {
        long frsize = buf.getLong(8);
        long blocks = buf.getLong(16);
        long files = buf.getLong(40);
        long free = buf.getLong(48);
        return new FsCapacity(blocks * frsize, files, free);
    }
}
