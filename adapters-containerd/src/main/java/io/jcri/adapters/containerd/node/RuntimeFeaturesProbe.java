package io.jcri.adapters.containerd.node;

import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.task.OciRuntime;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a runtime handler can do, found at start-up: recursive read-only mounts when the kernel has
 * {@code mount_setattr(2)} and the handler's OCI runtime lists {@code rro} among the mount options
 * of its {@code features} command (runc 1.1+; the shim hands the option to it). Shims other than
 * runc's, and runtimes without a {@code features} command, can do nothing special.
 */
public final class RuntimeFeaturesProbe {
    private static final Logger log = LoggerFactory.getLogger(RuntimeFeaturesProbe.class);
    private static final Set<String> RUNC_SHIMS = Set.of(OciRuntime.RUNC_V2, "io.containerd.runc.v1");
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private RuntimeFeaturesProbe() {}

    /** The features of {@code runtime}, asking its OCI runtime binary (and the kernel) once. */
    public static HandlerFeatures probe(String handler, OciRuntime runtime) {
        if (!RUNC_SHIMS.contains(runtime.type())) {
            return HandlerFeatures.NONE;
        }
        String binary = runtime.binaryName().isEmpty() ? "runc" : runtime.binaryName();
        List<String> mountOptions = mountOptions(List.of(binary, "features"));
        boolean kernel = MountSetattr.available();
        boolean rro = kernel && mountOptions.contains("rro");
        log.info(
                "runtime handler {}: recursive read-only mounts {} ({} {} \"rro\", kernel {} mount_setattr)",
                handler,
                rro ? "supported" : "not supported",
                binary,
                mountOptions.contains("rro") ? "takes" : "does not take",
                kernel ? "has" : "has no");
        return new HandlerFeatures(rro);
    }

    /** The mount options {@code command} (an OCI runtime's {@code features}) lists; empty if it fails. */
    static List<String> mountOptions(List<String> command) {
        Path out = null;
        Process p = null;
        try {
            out = Files.createTempFile("jcri-runtime-features", ".json");
            p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                log.debug("{} failed or took longer than {}", command, TIMEOUT);
                return List.of();
            }
            return parseMountOptions(Files.readString(out));
        } catch (IOException e) {
            log.debug("cannot run {}: {}", command, e.getMessage());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    log.debug("cannot remove {}: {}", out, e.getMessage());
                }
            }
        }
    }

    /** The {@code mountOptions} of an OCI runtime features document; empty when it has none. */
    static List<String> parseMountOptions(String featuresJson) {
        try {
            JsonNode options =
                    JsonMapper.builder().build().readTree(featuresJson).path("mountOptions");
            if (!options.isArray()) {
                return List.of();
            }
            return options.valueStream()
                    .filter(JsonNode::isString)
                    .map(JsonNode::asString)
                    .toList();
        } catch (JacksonException e) {
            return List.of();
        }
    }
}
