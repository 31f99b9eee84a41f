package io.jcri.adapters.containerd.io;

import io.jcri.domain.error.JcriException;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Opens a file below a directory without following a symbolic link at any component between
 * them: each directory is opened relative to the one above it with O_NOFOLLOW (openat, through
 * {@link SecureDirectoryStream}), so a link put there, before or during the walk, is refused and
 * never followed. Missing directories are made (a directory made meanwhile through a swapped
 * path is not found by the descriptor-relative walk, so nothing is written through it).
 */
final class NoFollowFiles {
    private static final Set<OpenOption> APPEND = Set.of(
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);

    private NoFollowFiles() {}

    /**
     * Opens {@code file} (inside {@code root}) to append, made {@code rw-r-----} when new.
     *
     * @throws JcriException.FailedPrecondition when a component below {@code root}, or the file,
     *     is a symbolic link, or the file is not a regular file
     */
    static SeekableByteChannel append(Path root, Path file, String what) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        Path target = file.toAbsolutePath().normalize();
        if (!target.startsWith(dir) || target.equals(dir)) {
            throw new JcriException.FailedPrecondition(what + " " + file + " is not inside " + root);
        }
        Files.createDirectories(dir);
        if (Files.isSymbolicLink(dir)) {
            throw new JcriException.FailedPrecondition(what + " " + file + ": its directory " + dir
                    + " is a symbolic link; jcri does not write through one");
        }
        Path rel = dir.relativize(target);
        Deque<SecureDirectoryStream<Path>> opened = new ArrayDeque<>();
        try {
            SecureDirectoryStream<Path> at = secure(Files.newDirectoryStream(dir), dir);
            opened.push(at);
            Path cur = dir;
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
                Path name = rel.getName(i);
                cur = cur.resolve(name);
                at = subdirectory(at, cur, name, what, file);
                opened.push(at);
            }
            Path name = rel.getFileName();
            requireRegularOrAbsent(at, name, cur.resolve(name), what);
            try {
                return at.newByteChannel(
                        name,
                        APPEND,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
            } catch (FileSystemException e) {
                throw linkOr(e, cur.resolve(name), what + " " + file + " is a symbolic link");
            }
        } finally {
            for (SecureDirectoryStream<Path> s : opened) {
                s.close();
            }
        }
    }

    private static SecureDirectoryStream<Path> subdirectory(
            SecureDirectoryStream<Path> at, Path cur, Path name, String what, Path file) throws IOException {
        String refused = what + " " + file + ": " + cur + " is a symbolic link; jcri does not write through one";
        try {
            return at.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            try {
                Files.createDirectory(cur);
            } catch (FileAlreadyExistsException made) {
                // made meanwhile (or a link put there): the walk below decides
            }
            try {
                return at.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
            } catch (FileSystemException again) {
                throw linkOr(again, cur, refused);
            }
        } catch (FileSystemException e) {
            throw linkOr(e, cur, refused);
        }
    }

    private static void requireRegularOrAbsent(SecureDirectoryStream<Path> at, Path name, Path full, String what)
            throws IOException {
        BasicFileAttributes a;
        try {
            a = at.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return;
        }
        if (a.isSymbolicLink()) {
            throw new JcriException.FailedPrecondition(
                    what + " " + full + " is a symbolic link; jcri does not write logs through one");
        }
        if (!a.isRegularFile()) {
            throw new JcriException.FailedPrecondition(what + " " + full + " is not a regular file");
        }
    }

    /** The refusal when {@code p} is now a link (ELOOP from O_NOFOLLOW), else {@code e} itself. */
    private static IOException linkOr(FileSystemException e, Path p, String refused) {
        if (Files.isSymbolicLink(p)) {
            throw new JcriException.FailedPrecondition(refused);
        }
        return e;
    }

    private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> s, Path dir) throws IOException {
        if (s instanceof SecureDirectoryStream<Path> sds) {
            return sds;
        }
        s.close();
        throw new IOException("no descriptor-relative file access under " + dir + " on this platform");
    }
}
