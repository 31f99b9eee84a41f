package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.cri.v1.VersionRequest;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The CRI socket: created with its directory, mode 0660, stale sockets replaced, one jcri per socket. */
class CriSocketIT {
    static ContainerdFixture containerd;

    @BeforeAll
    static void start() {
        containerd = ContainerdFixture.start();
    }

    @AfterAll
    static void stop() {
        containerd.close();
    }

    @Test
    void socketIsCreatedWithItsDirectoryAndMode0660() throws Exception {
        try (JcriFixture jcri = JcriFixture.builder().containerd(containerd).start()) {
            Path socket = jcri.criSocket();
            assertThat(Files.isDirectory(socket.getParent())).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo("rw-rw----");
        }
    }

    @Test
    void staleSocketIsReplaced() throws Exception {
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd);
        Path stale = b.dir().resolve("state/jcri.sock");
        Files.createDirectories(stale.getParent());
        try (var killed = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            killed.bind(java.net.UnixDomainSocketAddress.of(stale)); // a socket no one serves any more
        }
        try (JcriFixture jcri = b.start()) {
            assertThat(jcri.runtime()
                            .version(VersionRequest.getDefaultInstance())
                            .getRuntimeName())
                    .isEqualTo("jcri");
        }
    }

    @Test
    void aRegularFileAtTheSocketPathIsRefusedAndKept() throws Exception {
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd);
        Path file = b.dir().resolve("state/jcri.sock");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a socket");
        assertThatThrownBy(b::start)
                .hasStackTraceContaining("the CRI socket path " + file + " is a regular file, not a socket")
                .hasStackTraceContaining("jcri does not delete it");
    }

    @Test
    void secondJcriOnTheSameSocketRefusesToStart() {
        try (JcriFixture first = JcriFixture.builder().containerd(containerd).start()) {
            JcriFixture.Builder second = JcriFixture.builder()
                    .containerd(containerd)
                    .property("jcri.cri.socket", first.criSocket().toString());
            assertThatThrownBy(second::start)
                    .hasStackTraceContaining("another jcri is already serving " + first.criSocket());
            assertThat(first.runtime()
                            .version(VersionRequest.getDefaultInstance())
                            .getRuntimeName())
                    .isEqualTo("jcri");
        }
    }

    @Test
    void invalidConfigurationStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> JcriFixture.builder()
                        .containerd(containerd)
                        .property("jcri.streaming.address", "nonsense")
                        .start())
                .hasStackTraceContaining("jcri.streaming.address: 'nonsense' is not host:port");
    }

    @Test
    void beyondLoopbackTheAdminApiAndActuatorNeedTheTokenButTheProbesDoNot() {
        assertThatThrownBy(() -> JcriFixture.builder()
                        .containerd(containerd)
                        .property("server.address", "0.0.0.0")
                        .start())
                .hasStackTraceContaining("jcri.admin.token")
                .hasStackTraceContaining("beyond loopback");
        String token = "it-admin-token";
        try (JcriFixture jcri = JcriFixture.builder()
                .containerd(containerd)
                .property("server.address", "0.0.0.0")
                .property("jcri.admin.token", token)
                .start()) {
            for (String path : List.of("/api/v1/runtime", "/v3/api-docs", "/actuator/prometheus", "/actuator/info")) {
                JcriFixture.HttpResult denied = jcri.get(path);
                assertThat(denied.status()).as(path).isEqualTo(401);
                assertThat(denied.body()).contains("\"status\":401").doesNotContain(token);
                assertThat(jcri.get(path, "not-" + token).status()).as(path).isEqualTo(401);
                assertThat(jcri.get(path, token).status()).as(path).isEqualTo(200);
            }
            assertThat(jcri.get("/api/v1/runtime?access_token=" + token).status())
                    .as("a query token is taken only on the event stream")
                    .isEqualTo(401);
            assertThat(jcri.get("/actuator/health/liveness").status()).isEqualTo(200);
            assertThat(jcri.get("/actuator/health/readiness").body()).contains("\"status\"");
        }
    }

    @Test
    void withATokenEveryMappedPathDeniesCallersWithoutItAndTheProbesShowNoDetails() {
        String token = "it-walk-token";
        try (JcriFixture jcri = JcriFixture.builder()
                .containerd(containerd)
                .property("jcri.admin.token", token)
                .start()) {
            java.util.Set<String> paths = new java.util.TreeSet<>();
            @SuppressWarnings("unchecked")
            var docs = (java.util.Map<String, Object>) io.jcri.domain.json.Json.parse(
                    jcri.get("/v3/api-docs", token).body());
            @SuppressWarnings("unchecked")
            var apiPaths = (java.util.Map<String, Object>) docs.get("paths");
            apiPaths.keySet().forEach(p -> paths.add(p.replaceAll("\\{[^}]+}", "x")));
            @SuppressWarnings("unchecked")
            var links = (java.util.Map<String, Object>) ((java.util.Map<String, Object>) io.jcri.domain.json.Json.parse(
                            jcri.get("/actuator", token).body()))
                    .get("_links");
            for (Object link : links.values()) {
                @SuppressWarnings("unchecked")
                String href = (String) ((java.util.Map<String, Object>) link).get("href");
                paths.add(java.net.URI.create(href.replaceAll("\\{[^}]+}", "x")).getPath());
            }
            paths.addAll(List.of(
                    "/",
                    "/actuator",
                    "/v3/api-docs",
                    "/v3/api-docs.yaml",
                    "/v3/api-docs/swagger-config",
                    "/swagger-ui/index.html",
                    "/error",
                    "/no/such/path"));
            assertThat(apiPaths).as("the API's own paths are in the walk").isNotEmpty();
            paths.removeAll(List.of("/actuator/health/liveness", "/actuator/health/readiness", "/", "/index.html"));
            for (String path : paths) {
                assertThat(jcri.get(path).status())
                        .as("GET " + path + " without the token")
                        .isEqualTo(401);
            }
            JcriFixture.HttpResult ready = jcri.get("/actuator/health/readiness");
            assertThat(ready.body()).contains("\"status\"").doesNotContain("components", "details", "containerd");
            assertThat(jcri.get("/actuator/health", token).body()).contains("components");
            assertThat(jcri.get("/actuator/health/liveness").status()).isEqualTo(200);
            JcriFixture.HttpResult page = jcri.get("/");
            assertThat(page.status()).as("the dashboard's static page").isEqualTo(200);
            assertThat(page.body()).contains("<html").doesNotContain(token);
        }
    }
}
