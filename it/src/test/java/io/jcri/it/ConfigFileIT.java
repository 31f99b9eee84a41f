package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.cri.v1.StatusRequest;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.Teardown;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** jcri started with --jcri.config=FILE: what the file sets is what CRI Status reports. */
class ConfigFileIT {
    static ContainerdFixture containerd;

    @BeforeAll
    static void start() {
        containerd = ContainerdFixture.start();
    }

    @AfterAll
    static void stop() {
        Teardown.close(containerd);
    }

    @Test
    void keysSetInTheFileAreSeenAndArgumentsStillWin() throws IOException {
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd);
        Files.writeString(b.configFile(), """
                jcri:
                  sandbox-image: registry.example.test/pause:from-file
                  streaming:
                    token-ttl: 90s
                  # the fixture passes its own conf-dir as an argument: that one wins
                  cni:
                    conf-dir: /nonexistent/from-file
                """);
        try (JcriFixture jcri = b.start()) {
            String config = jcri.runtime()
                    .status(StatusRequest.newBuilder().setVerbose(true).build())
                    .getInfoMap()
                    .get("config");
            assertThat(config)
                    .contains("\"configFile\":\"" + b.configFile() + "\"")
                    .contains("\"configFileRead\":true")
                    .contains("\"sandboxImage\":\"registry.example.test/pause:from-file\"")
                    .contains("\"streamingTokenTtl\":\"PT1M30S\"")
                    .contains("\"cniConfDir\":\"" + jcri.confDir() + "\"");
        }
    }

    @Test
    void anUnknownKeyInTheFileStopsStartUpNamingIt() throws IOException {
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd);
        Files.writeString(b.configFile(), "jcri:\n  sandbox-imgae: registry.example.test/pause:1\n");
        assertThatThrownBy(b::start).hasMessage("jcri.sandbox-imgae: unknown key in " + b.configFile() + ", line 2");
    }
}
