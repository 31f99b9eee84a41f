package io.jcri.adapters.containerd.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcri.domain.error.JcriException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryHostsTest {
    @TempDir
    Path dir;

    void write(String host, String toml) throws Exception {
        Files.createDirectories(dir.resolve(host));
        Files.writeString(dir.resolve(host).resolve("hosts.toml"), toml);
    }

    @Test
    void withoutConfigTheRegistryItselfOverHttps() {
        RegistryHosts hosts = new RegistryHosts(dir);
        assertThat(hosts.hosts("docker.io")).singleElement().satisfies(h -> {
            assertThat(h.root().toString()).isEqualTo("https://registry-1.docker.io/v2");
            assertThat(h.canPull()).isTrue();
            assertThat(h.canResolve()).isTrue();
        });
        assertThat(hosts.hosts("quay.io").get(0).root().toString()).isEqualTo("https://quay.io/v2");
    }

    @Test
    void mirrorsInOrderThenServerWithTheirSettings() throws Exception {
        write("docker.io", """
                # a comment
                server = "https://registry-1.docker.io"

                [host."http://127.0.0.1:5001"]
                  capabilities = ["pull", "resolve"]
                  [host."http://127.0.0.1:5001".header]
                    x-custom = "a"
                    x-multi = ["b", "c"]

                [host."https://mirror.example/some/path"]
                  capabilities = ["pull"]
                  skip_verify = true
                  ca = "ca.pem"
                  client = [["client.cert", "client.key"]]
                  override_path = true
                """);
        List<RegistryHost> hosts = new RegistryHosts(dir).hosts("docker.io");
        assertThat(hosts)
                .extracting(h -> h.root().toString())
                .containsExactly(
                        "http://127.0.0.1:5001/v2",
                        "https://mirror.example/some/path",
                        "https://registry-1.docker.io/v2");
        assertThat(hosts.get(0).headers()).isEqualTo(Map.of("x-custom", List.of("a"), "x-multi", List.of("b", "c")));
        assertThat(hosts.get(0).plainHttp()).isTrue();
        RegistryHost second = hosts.get(1);
        assertThat(second.canResolve()).isFalse();
        assertThat(second.skipVerify()).isTrue();
        assertThat(second.caFiles()).containsExactly(dir.resolve("docker.io/ca.pem"));
        assertThat(second.clientCerts())
                .containsExactly(List.of(dir.resolve("docker.io/client.cert"), dir.resolve("docker.io/client.key")));
    }

    @Test
    void defaultDirAndPortDirectories() throws Exception {
        write("_default", "[host.\"http://10.0.0.1:5000\"]\n");
        write("myreg_5000_", "server = \"http://myreg:5000\"\n");
        RegistryHosts hosts = new RegistryHosts(dir);
        assertThat(hosts.hosts("myreg:5000"))
                .extracting(h -> h.root().toString())
                .containsExactly("http://myreg:5000/v2");
        assertThat(hosts.hosts("other.io"))
                .extracting(h -> h.root().toString())
                .containsExactly("http://10.0.0.1:5000/v2", "https://other.io/v2");
    }

    @Test
    void badFilesNameTheFileAndLine() throws Exception {
        write("bad.io", "server = \"http://x\"\n[host.\"http://y\"]\n capabilities = [\"pull\" \"resolve\"]\n");
        assertThatThrownBy(() -> new RegistryHosts(dir).hosts("bad.io"))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessageContaining("bad.io/hosts.toml line 3");
    }

    @Test
    void challengesParse() {
        Challenge c = Challenge.first(
                List.of(
                        "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull\""));
        assertThat(c.scheme()).isEqualTo("bearer");
        assertThat(c.param("realm")).isEqualTo("https://auth.example/token");
        assertThat(c.param("service")).isEqualTo("registry.example");
        assertThat(c.param("scope")).isEqualTo("repository:a/b:pull");
        assertThat(Challenge.first(List.of("Basic realm=\"Registry Realm\"")).scheme())
                .isEqualTo("basic");
        assertThat(Challenge.first(List.of("Negotiate"))).isNull();
    }
}
