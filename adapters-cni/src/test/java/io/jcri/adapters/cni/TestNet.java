package io.jcri.adapters.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.network.PodAttachRequest;
import io.jcri.domain.network.PortMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test's own CNI world: a conf dir, state and root dirs, an IPAM data dir and a bridge with a
 * name and subnet of its own ({@code jcri-cn<n>}, {@code 10.88.<n>.0/24}), all removed by {@link
 * #close()} together with whatever the test left attached or pinned.
 */
final class TestNet implements AutoCloseable {
    static final Path DEBIAN_PLUGINS = Path.of("/usr/lib/cni");

    final Path root;
    final Path conf;
    final Path state;
    final Path jcriRoot;
    final Path ipam;
    final Path bin;
    final String bridge;
    final String subnetPrefix;
    final List<CniPodNetwork> networks = new ArrayList<>();

    TestNet(Path tmp, int n) throws IOException {
        root = tmp;
        conf = Files.createDirectories(tmp.resolve("net.d"));
        state = tmp.resolve("state");
        jcriRoot = tmp.resolve("root");
        ipam = tmp.resolve("ipam");
        bin = Files.createDirectories(tmp.resolve("bin"));
        bridge = "jcri-cn" + n;
        subnetPrefix = "10.88." + n + ".";
        run("ip", "link", "del", bridge);
    }

    String subnet() {
        return subnetPrefix + "0/24";
    }

    String gateway() {
        return subnetPrefix + "1";
    }

    /** bridge + host-local (with its data in {@link #ipam}), then the given extra plugin objects. */
    String conflist(String version, String... extraPlugins) {
        StringBuilder extra = new StringBuilder();
        for (String p : extraPlugins) {
            extra.append(",").append(p);
        }
        return """
                {"cniVersion": "%s", "name": "testnet", "plugins": [
                  {"type": "bridge", "bridge": "%s", "isGateway": true, "ipMasq": false,
                   "ipam": {"type": "host-local", "dataDir": "%s",
                            "ranges": [[{"subnet": "%s"}]], "routes": [{"dst": "0.0.0.0/0"}]}}%s
                ]}
                """.formatted(version, bridge, ipam, subnet(), extra);
    }

    static final String PORTMAP = "{\"type\": \"portmap\", \"capabilities\": {\"portMappings\": true}}";
    static final String FIREWALL = "{\"type\": \"firewall\"}";

    void writeConf(String json) throws IOException {
        Files.writeString(conf.resolve("10-test.conflist"), json);
    }

    /** A plugin of the test's own, a shell script in the test's bin dir. */
    void script(String name, String body) throws IOException {
        Path p = Files.writeString(bin.resolve(name), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    CniPodNetwork network() {
        return network(Duration.ofSeconds(20));
    }

    CniPodNetwork network(Duration pluginTimeout) {
        CniPodNetwork n = new CniPodNetwork(conf, List.of(bin, DEBIAN_PLUGINS), state, jcriRoot, pluginTimeout, 100);
        networks.add(n);
        return n;
    }

    static PodAttachRequest request(String id, Path netns, PortMapping... ports) {
        return new PodAttachRequest(id, "pod-" + id, "default", "uid-" + id, netns, List.of(ports), DnsConfig.NONE);
    }

    /** The addresses host-local holds for the test network. */
    List<String> allocations() throws IOException {
        Path dir = ipam.resolve("testnet");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(subnetPrefix))
                    .sorted()
                    .toList();
        }
    }

    static boolean mounted(Path p) {
        return MountTable.read().stream().anyMatch(m -> m.mountPoint().equals(p.toString()));
    }

    static void assertGone(Path netns) {
        assertThat(netns).doesNotExist();
        assertThat(mounted(netns)).as("%s still mounted", netns).isFalse();
    }

    /** Runs a command, returns its combined output; a non-zero exit is returned as "exit N: ...". */
    static String run(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timeout: " + out;
            }
            return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return "cannot run: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String inNetns(Path netns, String... argv) {
        String[] full = new String[argv.length + 1];
        full[0] = "--net=" + netns;
        System.arraycopy(argv, 0, full, 1, argv.length);
        String[] cmd = new String[full.length + 1];
        cmd[0] = "nsenter";
        System.arraycopy(full, 0, cmd, 1, full.length);
        return run(cmd);
    }

    @Override
    public void close() {
        for (CniPodNetwork n : networks) {
            for (String id : n.attachedSandboxIds()) {
                try {
                    n.detach(id);
                } catch (RuntimeException e) {
                    System.err.println("cleanup: detach " + id + ": " + e.getMessage());
                }
            }
            for (Path p : n.listNetns()) {
                try {
                    n.removeNetns(p);
                } catch (RuntimeException e) {
                    System.err.println("cleanup: removeNetns " + p + ": " + e.getMessage());
                }
            }
            n.close();
        }
        run("ip", "link", "del", bridge);
    }
}
