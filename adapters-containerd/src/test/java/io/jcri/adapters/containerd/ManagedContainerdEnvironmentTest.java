package io.jcri.adapters.containerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedContainerdEnvironmentTest {
    @Test
    void containerdGetsPathTmpdirAndProxiesButNothingElseOfJcris() {
        Map<String, String> env = ManagedContainerd.environment(Map.of(
                "PATH", "/usr/sbin:/usr/bin",
                "TMPDIR", "/var/tmp",
                "HTTPS_PROXY", "http://proxy:3128",
                "JCRI_ADMIN_TOKEN", "s3cret",
                "HOME", "/root",
                "JAVA_OPTS", "-Xmx64m"));
        assertThat(env)
                .containsOnly(
                        Map.entry("PATH", "/usr/sbin:/usr/bin"),
                        Map.entry("TMPDIR", "/var/tmp"),
                        Map.entry("HTTPS_PROXY", "http://proxy:3128"));
        assertThat(ManagedContainerd.environment(Map.of("JCRI_ADMIN_TOKEN", "s3cret")))
                .containsOnlyKeys("PATH");
    }
}
