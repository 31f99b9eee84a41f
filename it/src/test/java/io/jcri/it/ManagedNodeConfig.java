package io.jcri.it;

import io.jcri.it.fixtures.CniConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A node as the restart tests run it: jcri with a managed containerd, its socket, root and state
 * under one directory, jcri's built-in pause image, and a CNI bridge network of the test's own.
 */
final class ManagedNodeConfig {
    private ManagedNodeConfig() {}

    /** The CRI socket of a node made by {@link #write}. */
    static Path socket(Path dir) {
        return dir.resolve("state/jcri.sock");
    }

    /** Writes the bridge conflist and jcri's configuration into {@code dir}; the configuration's path. */
    static Path write(Path dir, String bridge, String subnet) throws IOException {
        CniConfigs.write(
                dir.resolve("net.d"),
                "10-pods.conflist",
                CniConfigs.bridge("pods", bridge, subnet, dir.resolve("ipam"), ""));
        return Files.writeString(dir.resolve("jcri.yaml"), """
                jcri:
                  containerd:
                    managed: true
                  cri:
                    socket: %s
                  root-dir: %s
                  state-dir: %s
                  sandbox-image: builtin
                  cni:
                    conf-dir: %s
                    bin-dirs: %s
                  registry:
                    config-path: %s
                server:
                  port: 0
                """.formatted(
                        socket(dir),
                        dir.resolve("root"),
                        dir.resolve("state"),
                        dir.resolve("net.d"),
                        CniConfigs.DEBIAN_PLUGINS,
                        dir.resolve("certs.d")));
    }
}
