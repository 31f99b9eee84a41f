package io.jcri.adapters.cni;

import io.jcri.domain.error.JcriException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The attachments on record, one JSON file per sandbox ({@code <root-dir>/cni/results/<id>.json}):
 * the exact network configuration, namespace, arguments and runtime config an ADD used and, once
 * it succeeded, its result. Written atomically (temp file, fsync, rename, fsync of the directory)
 * so a crash leaves the old record or the new one, never half of one.
 */
final class AttachmentStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SUFFIX = ".json";

    private final Path dir;

    /** Removes the temp files ({@code .<id>.json.tmp}) a crash left between writing and renaming. */
    AttachmentStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(this.dir)) {
            try (Stream<Path> files = Files.list(this.dir)) {
                for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                        .toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new JcriException.Internal("cannot clean temp files in " + this.dir + ": " + e, e);
            }
        }
    }

    Path dir() {
        return dir;
    }

    void write(String sandboxId, ObjectNode record) {
        Path target = dir.resolve(sandboxId + SUFFIX);
        Path tmp = dir.resolve("." + sandboxId + SUFFIX + ".tmp");
        try {
            Files.createDirectories(dir);
            byte[] bytes = JSON.writeValueAsString(record).getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDir();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new JcriException.Internal(
                    "cannot record the network attachment of sandbox " + sandboxId + " in " + target + ": " + e, e);
        }
    }

    Optional<ObjectNode> read(String sandboxId) {
        Path file = dir.resolve(sandboxId + SUFFIX);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new JcriException.Internal(
                    "cannot read the network attachment of sandbox " + sandboxId + " from " + file + ": " + e, e);
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node instanceof ObjectNode object) {
                return Optional.of(object);
            }
        } catch (JacksonException e) {
            // reported below
        }
        throw new JcriException.Internal(
                "the network attachment record of sandbox " + sandboxId + " in " + file + " is not valid JSON");
    }

    void delete(String sandboxId) {
        Path file = dir.resolve(sandboxId + SUFFIX);
        try {
            Files.deleteIfExists(file);
            syncDir();
        } catch (IOException e) {
            throw new JcriException.Internal(
                    "cannot delete the network attachment record " + file + " of sandbox " + sandboxId + ": " + e, e);
        }
    }

    Set<String> ids() {
        Set<String> ids = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return ids;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SUFFIX) && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length()))
                    .forEach(ids::add);
        } catch (IOException e) {
            throw new JcriException.Internal("cannot list network attachment records in " + dir + ": " + e, e);
        }
        return ids;
    }

    private void syncDir() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
