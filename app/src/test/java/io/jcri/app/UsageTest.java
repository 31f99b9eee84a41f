package io.jcri.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageTest {

    @Test
    void helpNamesTheConfigurationFileItsPrecedenceAndTheMainKeys() {
        String text = Usage.text(new String[0], Map.of());
        assertThat(text)
                .contains("the configuration file: /etc/jcri/jcri.yaml")
                .contains("--jcri.config=PATH or JCRI_CONFIG=PATH")
                .containsSubsequence("built-in defaults", "configuration file", "environment", "arguments")
                .contains("jcri.cri.socket = /run/jcri/jcri.sock")
                .contains("jcri.containerd.managed = false")
                .contains("jcri.sandbox-image = registry.k8s.io/pause:3.10");
    }

    @Test
    void theFileNamedByArgumentsWinsOverTheEnvironment() {
        assertThat(ConfigFile.of(new String[] {"--jcri.config=/a.yaml"}, Map.of("JCRI_CONFIG", "/b.yaml"))
                        .path())
                .hasToString("/a.yaml");
        ConfigFile fromEnv = ConfigFile.of(new String[0], Map.of("JCRI_CONFIG", "/nonexistent/b.yaml"));
        assertThat(fromEnv.explicit()).isTrue();
        assertThat(fromEnv.describe()).isEqualTo("/nonexistent/b.yaml (missing: jcri will not start)");
    }

    @Test
    void mainWithHelpPrintsUsageAndReturnsWithoutStarting() {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JcriApplication.main(new String[] {"--help", "--jcri.cri.socket=relative"});
        } finally {
            System.setOut(out);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).startsWith("usage: ");
    }
}
