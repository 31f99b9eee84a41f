package io.jcri.adapters.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.domain.network.NetworkStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniConfigLoaderTest {
    @TempDir
    Path tmp;

    Path conf;
    Path bin;
    CniConfigLoader loader;

    @BeforeEach
    void setUp() throws IOException {
        conf = Files.createDirectories(tmp.resolve("net.d"));
        bin = Files.createDirectories(tmp.resolve("bin"));
        for (String plugin : List.of("bridge", "host-local", "portmap")) {
            Path p = Files.writeString(bin.resolve(plugin), "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        loader = new CniConfigLoader(conf, List.of(tmp.resolve("missing-bin"), bin));
    }

    static String conflist(String version, String... types) {
        StringBuilder plugins = new StringBuilder();
        for (String t : types) {
            if (plugins.length() > 0) {
                plugins.append(',');
            }
            plugins.append("{\"type\":\"").append(t).append("\"}");
        }
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"podnet\",\"plugins\":[" + plugins + "]}";
    }

    @Test
    void emptyDirSaysNoConfig() {
        NetworkStatus s = loader.load();
        assertThat(s)
                .isInstanceOfSatisfying(
                        NetworkStatus.NotReady.class,
                        n -> assertThat(n.message()).isEqualTo("no network config found in " + conf));
    }

    @Test
    void missingDirIsNotReady() {
        NetworkStatus s = new CniConfigLoader(tmp.resolve("nope"), List.of(bin)).load();
        assertThat(s.ready()).isFalse();
        assertThat(((NetworkStatus.NotReady) s).message()).contains("no network config found");
    }

    @Test
    void loadsEverySupportedVersion() throws IOException {
        for (String v : List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0")) {
            Files.writeString(conf.resolve("10-net.conflist"), conflist(v, "bridge", "portmap"));
            NetworkStatus s = loader.load();
            assertThat(s).isInstanceOfSatisfying(NetworkStatus.Ready.class, r -> {
                assertThat(r.config().name()).isEqualTo("podnet");
                assertThat(r.config().cniVersion()).isEqualTo(v);
                assertThat(r.config().pluginTypes()).containsExactly("bridge", "portmap");
            });
        }
    }

    @Test
    void firstValidFileByNameWins() throws IOException {
        Files.writeString(
                conf.resolve("20-b.conflist"), conflist("1.0.0", "portmap").replace("podnet", "b"));
        Files.writeString(
                conf.resolve("10-a.conflist"), conflist("1.0.0", "bridge").replace("podnet", "a"));
        Files.writeString(conf.resolve("05-broken.conflist"), "{not json");
        Files.writeString(conf.resolve("README.txt"), "ignored");
        NetworkStatus s = loader.load();
        assertThat(((NetworkStatus.Ready) s).config().name()).isEqualTo("a");
    }

    @Test
    void singlePluginConfIsWrapped() throws IOException {
        Files.writeString(
                conf.resolve("10-single.conf"),
                "{\"cniVersion\":\"0.4.0\",\"name\":\"single\",\"type\":\"bridge\",\"bridge\":\"cni0\"}");
        NetworkStatus.Ready r = (NetworkStatus.Ready) loader.load();
        assertThat(r.config().pluginTypes()).containsExactly("bridge");
        assertThat(r.config().json()).contains("\"plugins\":[{").contains("\"bridge\":\"cni0\"");
    }

    @Test
    void saysWhatEachFileLacks() throws IOException {
        Files.writeString(conf.resolve("10-old.conflist"), conflist("0.2.0", "bridge"));
        Files.writeString(conf.resolve("20-missing.conflist"), conflist("1.0.0", "flannel"));
        Files.writeString(conf.resolve("30-bad.conf"), "[1,2]");
        NetworkStatus.NotReady n = (NetworkStatus.NotReady) loader.load();
        assertThat(n.message())
                .contains("10-old.conflist: cniVersion \"0.2.0\" is not supported")
                .contains("20-missing.conflist: plugin \"flannel\" of network \"podnet\" not found in")
                .contains("30-bad.conf: not a JSON object");
    }

    @Test
    void podNetworkPicksUpNewAndChangedFiles() throws Exception {
        CniPodNetwork network = new CniPodNetwork(
                conf, List.of(bin), tmp.resolve("state"), tmp.resolve("root"), java.time.Duration.ofSeconds(10), 50);
        assertThat(network.networkStatus().ready()).isFalse();
        Files.writeString(conf.resolve("10-net.conflist"), conflist("1.0.0", "bridge"));
        network.reloadIfChanged();
        assertThat(network.networkStatus().ready()).isTrue();
        Files.writeString(conf.resolve("10-net.conflist"), conflist("1.0.0", "bridge", "nope-plugin"));
        Files.setLastModifiedTime(
                conf.resolve("10-net.conflist"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        network.reloadIfChanged();
        assertThat(network.networkStatus().ready()).isFalse();
        network.close();
    }

    @Test
    void watcherThreadNoticesANewFileWithoutBeingAsked() throws Exception {
        try (CniPodNetwork network = new CniPodNetwork(
                conf, List.of(bin), tmp.resolve("state"), tmp.resolve("root"), java.time.Duration.ofSeconds(10), 100)) {
            network.startWatching();
            assertThat(network.networkStatus().ready()).isFalse();
            Files.writeString(conf.resolve("10-net.conflist"), conflist("0.4.0", "bridge"));
            long deadline = System.currentTimeMillis() + 5000;
            while (!network.networkStatus().ready() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(network.networkStatus().ready()).isTrue();
        }
    }
}
