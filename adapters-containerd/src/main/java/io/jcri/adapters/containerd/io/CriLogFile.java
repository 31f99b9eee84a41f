package io.jcri.adapters.containerd.io;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.StdStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's CRI log file. Lines from both streams are written whole and in the order they
 * are complete; the file is reopened at the same path on request (after the kubelet rotated it).
 * A failing write is logged once and the output dropped, so a full disk never stalls the
 * container.
 */
final class CriLogFile {
    private static final Logger log = LoggerFactory.getLogger(CriLogFile.class);

    private final Path path;
    private final Clock clock;
    private OutputStream out;
    private boolean failed;

    CriLogFile(Path path, Clock clock) {
        this.path = path;
        this.clock = clock;
        this.out = open(path);
    }

    Path path() {
        return path;
    }

    private static OutputStream open(Path path) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (parent != null && Files.isSymbolicLink(parent)) {
                throw new JcriException.FailedPrecondition("container log " + path + ": its directory " + parent
                        + " is a symbolic link; jcri does not write logs through one");
            }
            if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createFile(
                            path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // made meanwhile
                }
            }
            if (Files.isSymbolicLink(path)) {
                throw new JcriException.FailedPrecondition(
                        "container log " + path + " is a symbolic link; jcri does not write logs through one");
            }
            // O_NOFOLLOW: a link put there after the check is refused by the kernel, not followed
            return Files.newOutputStream(
                    path, StandardOpenOption.APPEND, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new JcriException.Internal("cannot open container log " + path + ": " + e, e);
        }
    }

    synchronized void write(StdStream stream, boolean partial, byte[] data, int off, int len) {
        if (out == null) {
            return;
        }
        try {
            out.write(CriLogFormat.line(clock.instant(), stream, partial, data, off, len));
        } catch (IOException e) {
            if (!failed) {
                failed = true;
                log.warn(
                        "cannot write container log {}: {}; output is dropped until it is reopened",
                        path,
                        e.toString());
            }
        }
    }

    synchronized void reopen() {
        if (out == null) {
            throw new JcriException.FailedPrecondition("container log " + path + " is closed");
        }
        closeQuietly();
        out = open(path);
        failed = false;
    }

    synchronized void close() {
        if (out != null) {
            closeQuietly();
        }
        out = null;
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            log.debug("closing container log {}: {}", path, e.toString());
        }
    }
}
