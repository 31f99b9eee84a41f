package io.jcri.adapters.containerd.io;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import io.jcri.domain.error.JcriException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Named pipes on the node: made with libc's mkfifo (through JNA), or /usr/bin/mkfifo without it. */
final class Fifos {
    private static final int MODE = 0600;
    private static final int EEXIST = 17;

    private Fifos() {}

    private interface LibC extends Library {
        int mkfifo(String path, int mode) throws LastErrorException;
    }

    private static final class Native_ {
        static final LibC LIBC = load();

        private static LibC load() {
            try {
                return Native.load("c", LibC.class);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return null;
            }
        }
    }

    /** Makes a FIFO at {@code path}; an existing FIFO there is kept (reattaching after a restart). */
    static void make(Path path) {
        if (isFifo(path)) {
            return;
        }
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new JcriException.Internal("cannot create FIFO directory " + path.getParent() + ": " + e, e);
        }
        LibC libc = Native_.LIBC;
        if (libc != null) {
            try {
                libc.mkfifo(path.toString(), MODE);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EEXIST && isFifo(path)) {
                    return;
                }
                throw new JcriException.Internal("cannot make FIFO " + path + ": errno " + e.getErrorCode(), e);
            }
        }
        runMkfifo(path);
    }

    private static void runMkfifo(Path path) {
        try {
            Process p = new ProcessBuilder("/usr/bin/mkfifo", "-m", "600", path.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new JcriException.Internal("cannot make FIFO " + path + ": " + out.strip());
            }
        } catch (IOException e) {
            throw new JcriException.Internal("cannot make FIFO " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JcriException.Internal("interrupted making FIFO " + path);
        }
    }

    static boolean isFifo(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isOther();
        } catch (IOException e) {
            return false;
        }
    }

    static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Fifos::isFifo).sorted().toList();
        } catch (IOException e) {
            throw new JcriException.Internal("cannot list FIFOs in " + dir + ": " + e, e);
        }
    }

    static void remove(Path path) {
        try {
            if (isFifo(path)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new JcriException.Internal("cannot remove FIFO " + path + ": " + e, e);
        }
    }
}
