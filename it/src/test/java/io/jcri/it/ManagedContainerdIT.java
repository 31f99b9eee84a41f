package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.adapters.containerd.ManagedContainerd;
import io.jcri.cri.v1.StatusRequest;
import io.jcri.it.fixtures.CniConfigs;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** jcri with no containerd running starts its own, adopts one a killed jcri left, stops it at the end. */
class ManagedContainerdIT {

    @Test
    void startsItsOwnContainerdAndStopsItOnShutdown() throws Exception {
        JcriFixture.Builder b = JcriFixture.builder().property("jcri.containerd.managed", "true");
        CniConfigs.write(b.confDir(), "10-pods.conflist", CniConfigs.bridge("pods", "jcri-mg0", "10.88.251.0/24"));
        Path pidFile = b.dir().resolve("state/containerd/containerd.pid");
        long pid;
        try (JcriFixture jcri = b.start()) {
            var status = jcri.runtime().status(StatusRequest.getDefaultInstance());
            assertThat(status.getStatus().getConditionsList())
                    .extracting(c -> c.getType() + "=" + c.getStatus())
                    .contains("RuntimeReady=true", "NetworkReady=true");
            assertThat(b.dir().resolve("state/containerd/containerd.sock")).exists();
            pid = Long.parseLong(Files.readString(pidFile).trim());
            assertThat(ProcessHandle.of(pid)).isPresent();
            assertThat(Files.readString(b.dir().resolve("state/containerd/config.toml")))
                    .contains("io.containerd.grpc.v1.cri");
            jcri.stop();
            Await.until(
                    Duration.ofSeconds(15),
                    "managed containerd stopped",
                    () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        }
    }

    @Test
    void adoptsTheContainerdAKilledJcriLeftRunning() {
        Path dir = TestDirs.create("adopt");
        ManagedContainerd first =
                new ManagedContainerd("containerd", dir.resolve("root"), dir.resolve("state"), Duration.ofSeconds(30));
        first.start();
        long pid = first.pid().orElseThrow();
        first.detach(); // the jcri that started it is gone without stopping it
        ManagedContainerd second =
                new ManagedContainerd("containerd", dir.resolve("root"), dir.resolve("state"), Duration.ofSeconds(30));
        try {
            second.start();
            assertThat(second.pid()).contains(pid);
        } finally {
            second.close();
            TestDirs.delete(dir);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    @Test
    void restartsItsContainerdWhenItDies() {
        Path dir = TestDirs.create("restart");
        ManagedContainerd managed =
                new ManagedContainerd("containerd", dir.resolve("root"), dir.resolve("state"), Duration.ofSeconds(30));
        try {
            managed.start();
            long pid = managed.pid().orElseThrow();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            Await.until(
                    Duration.ofSeconds(30),
                    "a new containerd",
                    () -> managed.pid().filter(p -> p != pid).isPresent());
        } finally {
            managed.close();
            TestDirs.delete(dir);
        }
    }
}
