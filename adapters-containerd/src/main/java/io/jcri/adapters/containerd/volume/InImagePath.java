package io.jcri.adapters.containerd.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A path inside a mounted image, found the way a process whose root is that image would find it:
 * a symbolic link is followed inside the image (an absolute target starts again at the image's
 * root, {@code ..} stops at it), so no link leads out to the node's files.
 */
final class InImagePath {
    /** Links followed before giving up, as the kernel does. */
    static final int MAX_LINKS = 40;

    private InImagePath() {}

    /** The node path of {@code path} inside {@code root}, or empty when nothing is there. */
    static Optional<Path> resolve(Path root, String path) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        push(todo, path);
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String s = todo.removeFirst();
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path p = join(root, done).resolve(s);
            if (Files.isSymbolicLink(p)) {
                if (++links > MAX_LINKS) {
                    return Optional.empty();
                }
                String target = Files.readSymbolicLink(p).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                push(todo, target);
                continue;
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            done.add(s);
        }
        return Optional.of(join(root, done));
    }

    /** Puts the segments of {@code path} in front of what is still to do. */
    private static void push(Deque<String> todo, String path) {
        String[] segments = path.split("/");
        for (int i = segments.length - 1; i >= 0; i--) {
            todo.addFirst(segments[i]);
        }
    }

    private static Path join(Path root, List<String> segments) {
        Path p = root;
        for (String s : segments) {
            p = p.resolve(s);
        }
        return p;
    }
}
