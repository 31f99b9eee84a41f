package io.jcri.adapters.containerd.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Files that survive a crash whole or not at all: written to a temp file beside the target
 * ({@code .<name>.<n>.tmp}), fsynced, renamed over the target, then the directory fsynced. A
 * crash between the steps leaves the old file and maybe a temp file, which {@link
 * #removeStaleTemps} removes at the next start.
 */
public final class DurableFiles {
    /** How the temp files' names end. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private DurableFiles() {}

    /** Writes {@code bytes} to {@code target} durably and atomically (its directory made if missing). */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, true);
    }

    /**
     * Writes {@code bytes} to {@code target} atomically (its directory made if missing) but not
     * durably: no fsync, so after a power loss the target may be missing or empty. For content
     * whose loss reads as what it says.
     */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        write(target, bytes, false);
    }

    /** Deletes {@code target} (nothing when it does not exist) without waiting for that to be durable. */
    public static void deleteNotSynced(Path target) throws IOException {
        Files.deleteIfExists(target);
    }

    private static void write(Path target, byte[] bytes, boolean durable) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + "." + SEQUENCE.incrementAndGet() + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        if (durable) {
            syncDirectory(dir);
        }
    }

    /** Deletes {@code target} and fsyncs its directory; nothing when it does not exist. */
    public static void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            syncDirectory(target.toAbsolutePath().getParent());
        }
    }

    /** Makes the directory's entries (a rename, a delete) durable; a filesystem that cannot is left as it is. */
    public static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some filesystems refuse to fsync a directory; the rename itself stands
        }
    }

    /**
     * Removes the temp files (any name ending {@code .tmp}, as this class and jcri's earlier
     * writers made them) a crash left in {@code dir} and its subdirectories down to {@code
     * depth} levels (1: {@code dir} alone); returns how many.
     */
    public static int removeStaleTemps(Path dir, int depth) throws IOException {
        if (depth < 1 || !Files.isDirectory(dir)) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    n += removeStaleTemps(p, depth - 1);
                } else if (name.endsWith(TEMP_SUFFIX)) {
                    try {
                        Files.delete(p);
                        n++;
                    } catch (NoSuchFileException e) {
                        // gone already
                    }
                }
            }
        }
        return n;
    }
}
