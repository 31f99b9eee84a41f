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
 * left by a killed jcri, and sets the socket's mode to 0660 once the server has bound it.
 */
public final class CriSocketGuard implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CriSocketGuard.class);

    private final Path socket;
    private final Path lockFile;
    private FileChannel lockChannel;
    private FileLock lock;

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
            if (Files.exists(socket)) {
                log.info("removing stale CRI socket {} left by a previous jcri", socket);
                Files.delete(socket);
            }
        } catch (IOException e) {
            throw new JcriException.Unavailable("cannot prepare CRI socket " + socket + ": " + e, e);
        }
    }

    /** Restricts the bound socket to owner and group (0660). */
    void restrictMode() {
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            log.warn("cannot set mode 0660 on CRI socket {}: {}", socket, e.toString());
        }
    }

    /** Whether the socket is there and this jcri holds its lock. */
    public boolean serving() {
        return lock != null && lock.isValid() && Files.exists(socket);
    }

    @Override
    public synchronized void close() {
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
