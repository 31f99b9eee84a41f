package io.jcri.domain.image;

import java.util.List;
import java.util.Map;

/**
 * What an image's config says about how to run it (the OCI image config's {@code config}), and the
 * layers' diff IDs from its {@code rootfs}.
 */
public record ImageConfig(
        List<String> entrypoint,
        List<String> cmd,
        List<String> env,
        String workingDir,
        String user,
        String stopSignal,
        Map<String, String> labels,
        List<String> volumes,
        List<String> diffIds) {
    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        labels = Map.copyOf(labels);
        volumes = List.copyOf(volumes);
        diffIds = List.copyOf(diffIds);
    }

    public static ImageConfig empty() {
        return new ImageConfig(List.of(), List.of(), List.of(), "", "", "", Map.of(), List.of(), List.of());
    }
}
