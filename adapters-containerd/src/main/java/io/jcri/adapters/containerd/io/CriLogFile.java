package io.jcri.adapters.containerd.io;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.StdStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's CRI log file. Lines from both streams are written whole and in the order they
 * are complete; the file is reopened at the same path on request (after the kubelet rotated it).
 * A failing write is logged once and the output dropped, so a full disk never stalls the
 * container. The lines of one read ({@link #batch}) are formatted into the writing thread's one
 * buffer and go out in one write (every {@link #FLUSH_AT} bytes at most), not a write per line.
 */
final class CriLogFile {
    private static final Logger log = LoggerFactory.getLogger(CriLogFile.class);
    /** A batch is written out when it holds this many bytes. */
    static final int FLUSH_AT = 64 * 1024;
    /** The lines being batched on this thread, and for which log. */
    private static final ThreadLocal<Batch> BATCH = ThreadLocal.withInitial(Batch::new);

    private static final class Batch {
        final LogBatch bytes = new LogBatch(FLUSH_AT + CriLogFormat.MAX_LINE + 128);
        CriLogFile owner;
    }

    private final Path path;
    private final Path root;
    private final Clock clock;
    private OutputStream out;
    private boolean failed;

    /** A log at {@code path}, with no link from its own directory down. */
    CriLogFile(Path path, Clock clock) {
        this(path, path.toAbsolutePath().getParent(), clock);
    }

    /** A log at {@code path} inside {@code root}, with no link from {@code root} down. */
    CriLogFile(Path path, Path root, Clock clock) {
        this.path = path;
        this.root = root;
        this.clock = clock;
        this.out = open(root, path);
    }

    Path path() {
        return path;
    }

    private static OutputStream open(Path root, Path path) {
        try {
            return java.nio.channels.Channels.newOutputStream(NoFollowFiles.append(root, path, "container log"));
        } catch (IOException e) {
            throw new JcriException.Internal("cannot open container log " + path + ": " + e, e);
        }
    }

    /** Runs {@code lines}, whose {@link #write}s on this thread go out together at its end. */
    synchronized void batch(Runnable lines) {
        Batch b = BATCH.get();
        b.owner = this;
        try {
            lines.run();
        } finally {
            b.owner = null;
            flush(b.bytes);
        }
    }

    synchronized void write(StdStream stream, boolean partial, byte[] data, int off, int len) {
        if (out == null) {
            return;
        }
        Batch b = BATCH.get();
        if (b.owner == this) {
            CriLogFormat.append(b.bytes, clock.instant(), stream, partial, data, off, len);
            if (b.bytes.size() >= FLUSH_AT) {
                flush(b.bytes);
            }
            return;
        }
        LogBatch one = new LogBatch(len + 48);
        CriLogFormat.append(one, clock.instant(), stream, partial, data, off, len);
        flush(one);
    }

    private void flush(LogBatch bytes) {
        if (bytes.size() == 0) {
            return;
        }
        if (out == null) {
            bytes.clear();
            return;
        }
        try {
            out.write(bytes.array(), 0, bytes.size());
        } catch (IOException e) {
            if (!failed) {
                failed = true;
                log.warn(
                        "cannot write container log {}: {}; output is dropped until it is reopened",
                        path,
                        e.toString());
            }
        } finally {
            bytes.clear();
        }
    }

    synchronized void reopen() {
        if (out == null) {
            throw new JcriException.FailedPrecondition("container log " + path + " is closed");
        }
        closeQuietly();
        out = open(root, path);
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
