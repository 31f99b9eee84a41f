package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jcri.cri.v1.CheckpointContainerRequest;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerState;
import io.jcri.cri.v1.ContainerStatusRequest;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.it.fixtures.CniConfigs;
import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.Crictl;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestDirs;
import io.jcri.it.fixtures.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CheckpointContainer driven by {@code crictl checkpoint --export}, on real containerd, runc and
 * this node's CRIU. Where {@code criu check} fails (a kernel or VM CRIU cannot run on), the
 * checkpoint of a running container fails with that verdict and the container runs on; where it
 * passes, the archive is written. Either way a container that is not running is refused, and
 * Status' verbose info carries the verdict.
 */
class CheckpointIT {
    static final Duration WAIT = Duration.ofSeconds(60);
    static RegistryFixture registry;
    static ContainerdFixture containerd;
    static JcriFixture jcri;
    static Crictl crictl;
    static Path ipamDir;
    static Path logDir;
    static Path exportDir;
    static String image;
    static String pod;
    static String counter;
    static String finished;
    static Commands.Result criuCheck;

    @BeforeAll
    static void start() throws Exception {
        criuCheck = Commands.run("criu", "check");
        registry = RegistryFixture.open();
        image = registry.host() + "/test/busybox:1";
        registry.pusher().push("test/busybox", "1", TestImages.busybox("0", "checkpoint", false));
        containerd = ContainerdFixture.start();
        ipamDir = TestDirs.create("ipam");
        logDir = TestDirs.create("logs");
        exportDir = TestDirs.create("export");
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd).property("jcri.sandbox-image", "builtin");
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), registry.host(), registry.host());
        CniConfigs.write(
                b.confDir(), "10-pods.conflist", CniConfigs.bridge("pods", "jcri-ck0", "10.88.63.0/24", ipamDir, ""));
        jcri = b.start();
        crictl = Crictl.forSocket(jcri.criSocket(), jcri.dir());
        jcri.images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .build());
        pod = jcri.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setConfig(io.jcri.cri.v1.PodSandboxConfig.newBuilder()
                                .setMetadata(io.jcri.cri.v1.PodSandboxMetadata.newBuilder()
                                        .setName("checkpoint")
                                        .setNamespace("it")
                                        .setUid("uid-checkpoint"))
                                .setHostname("checkpoint")
                                .setLogDirectory(logDir.toString()))
                        .build())
                .getPodSandboxId();
        counter = container(
                "counter", List.of("sh", "-c", "i=0; while true; do i=$((i+1)); echo $i > /tmp/n; sleep 1; done"));
        finished = container("finished", List.of("true"));
        Await.until(WAIT, "container finished to exit", () -> state(finished) == ContainerState.CONTAINER_EXITED);
    }

    @AfterAll
    static void stop() {
        Teardown.close(Teardown.podsRemoved(jcri), containerd, registry);
        Commands.run("ip", "link", "del", "jcri-ck0");
        TestDirs.delete(ipamDir);
        TestDirs.delete(logDir);
        TestDirs.delete(exportDir);
    }

    static String container(String name, List<String> command) {
        String id = jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setConfig(ContainerConfig.newBuilder()
                                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                                .setImage(ImageSpec.newBuilder().setImage(image))
                                .addAllCommand(command)
                                .setLogPath(name + ".log"))
                        .build())
                .getContainerId();
        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    static ContainerState state(String id) {
        return jcri.runtime()
                .containerStatus(
                        ContainerStatusRequest.newBuilder().setContainerId(id).build())
                .getStatus()
                .getState();
    }

    /** The first line of {@code criu check}'s complaint, as jcri must quote it. */
    static String firstCriuError() {
        return criuCheck
                .output()
                .lines()
                .filter(l -> l.startsWith("Error"))
                .findFirst()
                .orElse(criuCheck.output().strip());
    }

    @Test
    void checkpointOfARunningContainerFollowsCriusVerdict() throws Exception {
        Path archive = exportDir.resolve("counter.tar");
        Crictl.Result r = crictl.run(null, WAIT, "checkpoint", "--export=" + archive, counter);
        if (criuCheck.exit() == 0) {
            assertThat(r.exit()).as(r.stderr()).isZero();
            String listing = Commands.run("tar", "-tf", archive.toString()).output();
            assertThat(listing).contains("./checkpoint/", "./spec.dump", "./config.dump", "./container.log");
        } else {
            assertThat(r.exit()).as(r.stdout()).isNotZero();
            assertThat(r.stderr())
                    .contains("FailedPrecondition")
                    .contains("CRIU cannot checkpoint on this node; `criu check` says: ")
                    .contains(firstCriuError());
            assertThat(exportDir.toFile().list()).as("nothing written").isEmpty();
            System.out.println("crictl checkpoint (running): " + r.stderr());
        }
        assertThat(state(counter)).as("the container runs on").isEqualTo(ContainerState.CONTAINER_RUNNING);
    }

    @Test
    void checkpointOfAnExitedContainerIsAFailedPreconditionNamingItsState() {
        Crictl.Result r = crictl.run(null, WAIT, "checkpoint", "--export=" + exportDir.resolve("f.tar"), finished);
        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr())
                .contains("FailedPrecondition")
                .contains("container " + finished)
                .contains("finished")
                .contains("is CONTAINER_EXITED (exit code 0");
        System.out.println("crictl checkpoint (exited): " + r.stderr());
    }

    @Test
    void unknownContainersAndBadLocationsAreNamed() {
        assertThatThrownBy(() -> jcri.runtime()
                        .checkpointContainer(CheckpointContainerRequest.newBuilder()
                                .setContainerId("0123456789ab")
                                .setLocation(exportDir.resolve("x.tar").toString())
                                .build()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> jcri.runtime()
                        .checkpointContainer(CheckpointContainerRequest.newBuilder()
                                .setContainerId(counter)
                                .setLocation("relative.tar")
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("\"relative.tar\" is a relative path");
                });
        assertThatThrownBy(() -> jcri.runtime()
                        .checkpointContainer(CheckpointContainerRequest.newBuilder()
                                .setContainerId(counter)
                                .setLocation(exportDir.resolve("missing/x.tar").toString())
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription())
                            .contains("the directory " + exportDir.resolve("missing") + " does not exist");
                });
    }

    @Test
    void createContainerFromACheckpointArchiveIsRefused() throws Exception {
        Path archive = Files.writeString(exportDir.resolve("restore-me.tar"), "not really");
        try {
            assertThatThrownBy(() -> jcri.runtime()
                            .createContainer(CreateContainerRequest.newBuilder()
                                    .setPodSandboxId(pod)
                                    .setConfig(ContainerConfig.newBuilder()
                                            .setMetadata(ContainerMetadata.newBuilder()
                                                    .setName("restored"))
                                            .setImage(ImageSpec.newBuilder().setImage(archive.toString())))
                                    .build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                        assertThat(e.getStatus().getDescription()).contains("is a checkpoint archive path");
                    });
        } finally {
            Files.delete(archive);
        }
    }

    @Test
    void verboseStatusCarriesCriusVerdict() {
        Crictl.Result r = crictl.run(null, WAIT, "info");
        assertThat(r.exit()).as(r.stderr()).isZero();
        System.out.println("crictl info: "
                + r.stdout().lines().filter(l -> l.contains("criu")).toList());
        assertThat(r.stdout()).contains("\"checkpoint\"").contains("\"criuUsable\": " + (criuCheck.exit() == 0));
        if (criuCheck.exit() != 0) {
            assertThat(r.stdout()).contains(firstCriuError());
        }
    }
}
