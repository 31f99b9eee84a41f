package io.jcri.adapters.containerd.container;

import io.jcri.adapters.containerd.node.DurableFiles;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.ContainerStatusFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Status files at {@code <dir>/<id>/status.json}, written atomically: a temp file, fsynced, then
 * renamed over the old one (and the directory fsynced; {@link DurableFiles}). A CREATED status
 * goes without the fsyncs: recovery reads a missing or unreadable file as CREATED, so losing it
 * loses nothing. Temp files a crash left are removed when the store is opened.
 */
final class FileContainerStatusFiles implements ContainerStatusFiles {
    private static final Logger log = LoggerFactory.getLogger(FileContainerStatusFiles.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String FILE = "status.json";

    private final Path dir;

    /** Removes the temp files a crash left in {@code <dir>/<id>/}. */
    FileContainerStatusFiles(Path dir) {
        this.dir = dir;
        try {
            int stale = DurableFiles.removeStaleTemps(dir, 2);
            if (stale > 0) {
                log.info("removed {} temp file(s) a crash left under {}", stale, dir);
            }
        } catch (IOException e) {
            throw new JcriException.Internal("cannot clean temp files under " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(String containerId, ContainerState state) {
        Path target = file(containerId);
        try {
            byte[] bytes = encode(state).getBytes(StandardCharsets.UTF_8);
            if (state instanceof ContainerState.Created) {
                // a status file lost or left empty by a crash reads as CREATED: no fsync for it
                DurableFiles.writeAtomically(target, bytes);
            } else {
                DurableFiles.write(target, bytes);
            }
        } catch (IOException e) {
            throw new JcriException.Internal(
                    "writing the status of container " + containerId + " to " + target + " failed: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Optional<ContainerState> read(String containerId) {
        Path f = file(containerId);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(decode(Files.readString(f, StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            log.warn("status file {} of container {} is unreadable: {}", f, containerId, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void delete(String containerId) {
        Path d = dir.resolve(checkId(containerId));
        if (!Files.exists(d)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(d)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new JcriException.Internal(
                    "removing the status of container " + containerId + " (" + d + ") failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> containerIds() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(Files::isDirectory).forEach(p -> ids.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new JcriException.Internal("listing " + dir + " failed: " + e.getMessage(), e);
        }
        return ids;
    }

    private Path file(String containerId) {
        return dir.resolve(checkId(containerId)).resolve(FILE);
    }

    private static String checkId(String id) {
        if (id.isEmpty() || id.contains("/") || id.equals(".") || id.equals("..")) {
            throw new JcriException.InvalidArgument("container id \"" + id + "\" cannot name a status file");
        }
        return id;
    }

    static String encode(ContainerState state) {
        ObjectNode n = JSON.createObjectNode();
        if (state instanceof ContainerState.Created) {
            n.put("state", "created");
        } else if (state instanceof ContainerState.Running r) {
            n.put("state", "running");
            n.put("pid", r.pid());
            n.put("startedAt", r.startedAt().toString());
        } else if (state instanceof ContainerState.Exited e) {
            n.put("state", "exited");
            if (e.startedAt() != null) {
                n.put("startedAt", e.startedAt().toString());
            }
            n.put("finishedAt", e.finishedAt().toString());
            n.put("exitCode", e.exitCode());
            n.put("reason", e.reason());
            n.put("message", e.message());
        } else if (state instanceof ContainerState.Unknown u) {
            n.put("state", "unknown");
            n.put("message", u.message());
        }
        return JSON.writeValueAsString(n);
    }

    static ContainerState decode(String text) {
        JsonNode n = JSON.readTree(text);
        String state = n.path("state").asString("");
        switch (state) {
            case "created":
                return ContainerState.CREATED;
            case "running":
                return new ContainerState.Running(
                        n.path("pid").asInt(0),
                        Instant.parse(n.path("startedAt").asString()));
            case "exited":
                String started = n.path("startedAt").asString("");
                return new ContainerState.Exited(
                        started.isEmpty() ? null : Instant.parse(started),
                        Instant.parse(n.path("finishedAt").asString()),
                        n.path("exitCode").asInt(0),
                        n.path("reason").asString(""),
                        n.path("message").asString(""));
            case "unknown":
                return new ContainerState.Unknown(n.path("message").asString(""));
            default:
                throw new IllegalArgumentException("unknown state \"" + state + "\"");
        }
    }
}
