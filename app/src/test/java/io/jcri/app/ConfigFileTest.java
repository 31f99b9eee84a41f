package io.jcri.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;

/**
 * The configuration file as jcri reads it: jcri's own application.properties and
 * {@link JcriConfigCheck} under Spring Boot's config data, in a context that holds only {@link
 * JcriProperties}. Each test names its file, so the machine's /etc/jcri/jcri.yaml plays no part.
 */
class ConfigFileTest {
    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(JcriProperties.class)
    static class OnlyProperties {}

    /** An environment whose process environment is {@code env} instead of the real one. */
    static StandardEnvironment withVariables(Map<String, String> env) {
        return new StandardEnvironment() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public Map<String, Object> getSystemEnvironment() {
                return (Map) env;
            }
        };
    }

    static ConfigurableApplicationContext start(Map<String, String> env, String... args) {
        return new SpringApplicationBuilder(OnlyProperties.class)
                .web(WebApplicationType.NONE)
                .environment(withVariables(env))
                .logStartupInfo(false)
                .run(args);
    }

    Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void defaultsThenFileThenEnvironmentThenArguments() throws IOException {
        Path yaml = file("jcri.yaml", """
                jcri:
                  sandbox-image: from-the-file
                  image:
                    snapshotter: native
                  streaming:
                    token-ttl: 2m
                  cri:
                    short-call-threads: 3
                server:
                  port: 7999
                """);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JCRI_STREAMING_TOKEN_TTL", "3m");
        env.put("JCRI_CRI_SHORT_CALL_THREADS", "4");
        try (var ctx = start(env, "--jcri.config=" + yaml, "--jcri.cri.short-call-threads=5")) {
            JcriProperties p = ctx.getBean(JcriProperties.class);
            // the file over the built-in defaults
            assertThat(p.sandboxImage()).isEqualTo("from-the-file");
            assertThat(p.image().snapshotter()).isEqualTo("native");
            // ... and over jcri's application.properties
            assertThat(ctx.getEnvironment().getProperty("server.port")).isEqualTo("7999");
            // the environment over the file
            assertThat(p.streaming().tokenTtl()).isEqualTo(Duration.ofMinutes(3));
            // arguments over the environment
            assertThat(p.cri().shortCallThreads()).isEqualTo(5);
            // what nobody set keeps its default
            assertThat(p.containerd().namespace()).isEqualTo("k8s.io");
            assertThat(p.config()).isEqualTo(yaml);
        }
    }

    @Test
    void jcriConfigInTheEnvironmentNamesTheFileAndPropertiesFilesWorkToo() throws IOException {
        Path props = file("jcri.properties", "jcri.sandbox-image=from-properties\n");
        try (var ctx = start(Map.of("JCRI_CONFIG", props.toString()))) {
            assertThat(ctx.getBean(JcriProperties.class).sandboxImage()).isEqualTo("from-properties");
        }
    }

    @Test
    void anUnknownKeyInTheFileIsRefusedNamingItAndItsLine() throws IOException {
        Path yaml = file("jcri.yaml", "jcri:\n  streaming:\n    address: 127.0.0.1:0\n    tokn-ttl: 2m\n");
        assertThatThrownBy(() -> start(Map.of(), "--jcri.config=" + yaml))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("jcri.streaming.tokn-ttl: unknown key in " + yaml + ", line 4");
    }

    @Test
    void anUnknownKeyInTheArgumentsIsRefusedButNotInTheEnvironment() throws IOException {
        Path empty = file("jcri.yaml", "# nothing\n");
        assertThatThrownBy(() -> start(Map.of(), "--jcri.config=" + empty, "--jcri.cri.sockt=/x.sock"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("jcri.cri.sockt: unknown key (command-line argument)");
        // a node's environment may carry any JCRI_ variable
        try (var ctx = start(Map.of("JCRI_CRI_TOOLS", "/opt/cri-tools"), "--jcri.config=" + empty)) {
            assertThat(ctx.getBean(JcriProperties.class).cri().socket()).isEqualTo(Path.of("/run/jcri/jcri.sock"));
        }
    }

    @Test
    void aNamedFileThatIsMissingStopsStartUpAndABadValueInTheFileToo() throws IOException {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> start(Map.of(), "--jcri.config=" + missing))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("jcri.config: no such file: " + missing);
        Path bad = file("bad.yaml", "jcri:\n  cri:\n    socket: relative.sock\n");
        assertThatThrownBy(() -> start(Map.of(), "--jcri.config=" + bad))
                .satisfies(e -> assertThat(StartupFailure.oneLine(e))
                        .isEqualTo("invalid configuration: jcri.cri.socket: must be an absolute path,"
                                + " got 'relative.sock'"));
    }

    @Test
    void aFileThatIsNotYamlIsOneLineNamingIt() throws IOException {
        Path broken = file("broken.yaml", "jcri:\n  streaming:\n  token-ttl: 2m\n   x: y\n");
        assertThatThrownBy(() -> start(Map.of(), "--jcri.config=" + broken)).satisfies(e -> {
            assertThat(StartupFailure.expected(e)).isTrue();
            assertThat(StartupFailure.oneLine(e, new ConfigFile(broken, true)))
                    .startsWith("invalid configuration: " + broken + " is not valid YAML: ")
                    .contains("line 4")
                    .doesNotContain("\n");
        });
    }

    @Test
    void theShippedConfigurationFileHoldsOnlyKnownKeysAndManagesContainerd() {
        Path shipped = Path.of("..", "packaging", "jcri.yaml").toAbsolutePath().normalize();
        assertThat(shipped).exists();
        try (var ctx = start(Map.of(), "--jcri.config=" + shipped)) {
            JcriProperties p = ctx.getBean(JcriProperties.class);
            assertThat(p.containerd().managed()).isTrue();
            assertThat(p.cri().socket()).isEqualTo(Path.of("/run/jcri/jcri.sock"));
        }
    }
}
