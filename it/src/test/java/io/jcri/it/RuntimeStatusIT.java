package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.cri.v1.RuntimeCondition;
import io.jcri.cri.v1.StatusRequest;
import io.jcri.cri.v1.StatusResponse;
import io.jcri.cri.v1.VersionRequest;
import io.jcri.cri.v1.VersionResponse;
import io.jcri.it.fixtures.CniConfigs;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.Teardown;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Version and Status from a real jcri on a real containerd, through the CRI socket. */
class RuntimeStatusIT {
    static ContainerdFixture containerd;
    static JcriFixture jcri;

    @BeforeAll
    static void start() {
        containerd = ContainerdFixture.start();
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd);
        CniConfigs.write(b.confDir(), "10-pods.conflist", CniConfigs.bridge("pods", "jcri-st0", "10.88.250.0/24"));
        jcri = b.start();
    }

    @AfterAll
    static void stop() {
        Teardown.close(jcri, containerd);
    }

    private static RuntimeCondition condition(String type) {
        StatusResponse r = jcri.runtime().status(StatusRequest.getDefaultInstance());
        return r.getStatus().getConditionsList().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void versionAnswersAsJcriOnTheSocket() {
        VersionResponse v = jcri.runtime()
                .version(VersionRequest.newBuilder().setVersion("v1").build());
        assertThat(v.getRuntimeName()).isEqualTo("jcri");
        assertThat(v.getRuntimeApiVersion()).isEqualTo("v1");
        assertThat(v.getRuntimeVersion()).isNotBlank();
        assertThat(Files.isSymbolicLink(jcri.criSocket())).isFalse();
        assertThat(jcri.criSocket()).exists();
    }

    @Test
    void statusIsReadyAndVerboseNamesContainerd() {
        StatusResponse r = jcri.runtime()
                .status(StatusRequest.newBuilder().setVerbose(true).build());
        assertThat(r.getStatus().getConditionsList())
                .extracting(c -> c.getType() + "=" + c.getStatus())
                .contains("RuntimeReady=true", "NetworkReady=true");
        assertThat(r.getInfoMap().get("containerd")).contains("1.6");
        assertThat(r.getFeatures().getSupplementalGroupsPolicy()).isTrue();
        assertThat(r.getRuntimeHandlersList()).isNotEmpty();
        assertThat(r.getInfoMap().get("cni")).contains("\"network\":\"pods\"");
        assertThat(r.getInfoMap().get("config")).contains(jcri.criSocket().toString());
    }

    @Test
    void runtimeReadyFollowsContainerdDownAndBackWithoutRestartingJcri() {
        assertThat(condition("RuntimeReady").getStatus()).isTrue();
        containerd.stop();
        try {
            Await.until(
                    Duration.ofSeconds(20),
                    "RuntimeReady=false",
                    () -> !condition("RuntimeReady").getStatus());
            RuntimeCondition down = condition("RuntimeReady");
            assertThat(down.getReason()).isEqualTo("ContainerdNotReady");
            assertThat(down.getMessage()).contains(containerd.socket().toString());
            JcriFixture.HttpResult health = jcri.get("/actuator/health/containerd");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body())
                    .contains("DOWN")
                    .contains(containerd.socket().toString());
            assertThat(jcri.get("/actuator/health/readiness").status()).isEqualTo(503);
        } finally {
            containerd.restart();
        }
        Await.until(
                Duration.ofSeconds(30),
                "RuntimeReady=true again",
                () -> condition("RuntimeReady").getStatus());
        JcriFixture.HttpResult health = jcri.get("/actuator/health/containerd");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("UP").contains("1.6");
    }

    @Test
    void networkReadyFollowsTheConfDirWithoutRestart() throws Exception {
        Path file = jcri.confDir().resolve("10-pods.conflist");
        String saved = Files.readString(file);
        Files.delete(file);
        try {
            Await.until(
                    Duration.ofSeconds(15),
                    "NetworkReady=false",
                    () -> !condition("NetworkReady").getStatus());
            RuntimeCondition c = condition("NetworkReady");
            assertThat(c.getReason()).isEqualTo("NetworkPluginNotReady");
            assertThat(c.getMessage()).contains("no network config found in " + jcri.confDir());
            assertThat(jcri.get("/actuator/health/cni").body()).contains("no network config found");
        } finally {
            Files.writeString(file, saved);
        }
        Await.until(
                Duration.ofSeconds(15),
                "NetworkReady=true",
                () -> condition("NetworkReady").getStatus());
        assertThat(jcri.get("/actuator/health/cni").body()).contains("\"network\":\"pods\"");
    }

    @Test
    void infoCarriesBothVersions() {
        JcriFixture.HttpResult info = jcri.get("/actuator/info");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body()).contains("\"jcri\"").contains("\"containerd\"").contains("1.6");
    }
}
