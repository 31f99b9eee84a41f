package io.jcri.app;

import io.jcri.domain.error.JcriException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the CRI socket's path: creates its directory, holds a lock file beside it so a second jcri
 * on the same socket refuses to start instead of taking the socket over, removes a stale socket
 * left by a killed jcri (but refuses to delete anything at that path that is not a socket), and
 * keeps the socket from other users before its mode is 0660: from acquire until the server has
 * bound it and its mode is set, the socket's directory is 0700 (a path lookup needs search
 * permission on it, so no one but jcri's user can connect meanwhile), then given its mode back.
 */
public final class CriSocketGuard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CriSocketGuard.class);

    private final Path socket;
    private final Path lockFile;
    private FileChannel lockChannel;
    private FileLock lock;
    private java.util.Set<java.nio.file.attribute.PosixFilePermission> dirMode;

    CriSocketGuard(Path socket) {
        this.socket = socket;
        this.lockFile = socket.resolveSibling(socket.getFileName() + ".lock");
    }

    public Path socket() {
        return socket;
    }

    /** Takes the lock and clears the way for binding; fails with a clear message if another jcri holds it. */
    synchronized void acquire() {
        try {
            Files.createDirectories(socket.getParent());
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                lockChannel.close();
                throw new JcriException.FailedPrecondition("another jcri is already serving " + socket + " (lock "
                        + lockFile + " is held); stop it or set jcri.cri.socket to another path");
            }
            if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                String kind = kind(socket);
                if (!kind.equals("socket")) {
                    release();
                    throw new JcriException.FailedPrecondition("the CRI socket path " + socket + " is a " + kind
                            + ", not a socket; jcri does not delete it: remove it or set jcri.cri.socket to another"
                            + " path");
                }
                log.info("removing stale CRI socket {} left by a previous jcri", socket);
                Files.delete(socket);
            }
            closeDirectory();
        } catch (IOException e) {
            throw new JcriException.Unavailable("cannot prepare CRI socket " + socket + ": " + e, e);
        }
    }

    /** What is at {@code p}: socket, regular file, directory, symbolic link or other file. */
    static String kind(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return switch (mode & 0170000) {
            case 0140000 -> "socket";
            case 0100000 -> "regular file";
            case 0040000 -> "directory";
            case 0120000 -> "symbolic link";
            default -> "special file";
        };
    }

    /** Makes the socket's directory 0700 until {@link #restrictMode}, remembering its mode. */
    private void closeDirectory() throws IOException {
        Path dir = socket.getParent();
        dirMode = Files.getPosixFilePermissions(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /** Gives the socket's directory its mode back (once). */
    private synchronized void reopenDirectory() {
        if (dirMode == null) {
            return;
        }
        try {
            Files.setPosixFilePermissions(socket.getParent(), dirMode);
            dirMode = null;
        } catch (IOException e) {
            log.warn("cannot give {} its mode back: {}", socket.getParent(), e.toString());
        }
    }

    private void release() throws IOException {
        lock.release();
        lock = null;
        lockChannel.close();
    }

    /** Restricts the bound socket to owner and group (0660), then opens its directory again. */
    void restrictMode() {
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            reopenDirectory();
        } catch (IOException e) {
            log.warn("cannot set mode 0660 on CRI socket {} (its directory stays 0700): {}", socket, e.toString());
        }
    }

    /** Whether the socket is there and this jcri holds its lock. */
    public boolean serving() {
        return lock != null && lock.isValid() && Files.exists(socket);
    }

    @Override
    public synchronized void close() {
        reopenDirectory();
        try {
            if (lock != null && lock.isValid()) {
                Files.deleteIfExists(socket);
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            log.debug("closing CRI socket guard: {}", e.toString());
        }
    }
}
