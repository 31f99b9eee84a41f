package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerState;
import io.jcri.cri.v1.ContainerStatusRequest;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.ListContainersRequest;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PodSandboxState;
import io.jcri.cri.v1.PodSandboxStatusRequest;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.domain.image.BuiltinImages;
import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.JcriProcess;
import io.jcri.it.fixtures.TestDirs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A jcri restart as systemd does it with the shipped unit (KillMode=process), without systemd:
 * jcri runs from the built jar with the unit's JVM options and a configuration file, with a
 * containerd of its own; SIGTERM goes to jcri's main pid alone; the next jcri finds the pod and
 * its container running, on the same processes and shims.
 */
class NodeRestartIT {
    private static final String BRIDGE = "jcri-nr0";
    private static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");

    @Test
    void podAndContainerOutliveJcriStoppedBySigterm() throws IOException {
        Path dir = TestDirs.create("node");
        Path socket = ManagedNodeConfig.socket(dir);
        Path config = ManagedNodeConfig.write(dir, BRIDGE, "10.88.241.0/24");
        JcriProcess jcri = null;
        String pod = null;
        try {
            jcri = JcriProcess.start(socket, dir.resolve("jcri.log"), "--jcri.config=" + config);
            pod = runPod(jcri, dir.resolve("logs"));
            String container = runContainer(jcri, pod, dir);
            long podPid = pid(jcri.runtime()
                    .podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                            .setPodSandboxId(pod)
                            .setVerbose(true)
                            .build())
                    .getInfoMap()
                    .toString());
            long containerPid = containerPid(jcri, container);
            ProcessHandle podProcess = ProcessHandle.of(podPid).orElseThrow();
            ProcessHandle containerProcess = ProcessHandle.of(containerPid).orElseThrow();
            ProcessHandle podShim = podProcess.parent().orElseThrow();
            ProcessHandle containerShim = containerProcess.parent().orElseThrow();
            assertThat(podShim.info().command().orElse("")).contains("containerd-shim");
            assertThat(containerShim.info().command().orElse("")).contains("containerd-shim");
            System.out.printf(
                    "jcri RSS with a pod and a container running: %d MiB (JVM options %s)%n",
                    jcri.rssKib() / 1024, JcriProcess.unitJavaOptions());

            long firstPid = jcri.pid();
            int exit = jcri.terminate(Duration.ofSeconds(60));
            assertThat(exit)
                    .as("the JVM's exit status after SIGTERM (the unit's SuccessExitStatus)")
                    .isEqualTo(143);
            for (ProcessHandle p : List.of(podProcess, containerProcess, podShim, containerShim)) {
                assertThat(alive(p)).as("pid %d while no jcri runs", p.pid()).isTrue();
            }

            jcri.startAgain();
            assertThat(jcri.pid()).isNotEqualTo(firstPid);
            assertThat(jcri.runtime()
                            .listPodSandbox(ListPodSandboxRequest.getDefaultInstance())
                            .getItemsList())
                    .singleElement()
                    .satisfies(s -> {
                        assertThat(s.getState()).isEqualTo(PodSandboxState.SANDBOX_READY);
                    });
            assertThat(jcri.runtime()
                            .listContainers(ListContainersRequest.getDefaultInstance())
                            .getContainersList())
                    .singleElement()
                    .satisfies(c -> {
                        assertThat(c.getId()).isEqualTo(container);
                        assertThat(c.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
                    });
            assertThat(containerPid(jcri, container)).isEqualTo(containerPid);
            for (ProcessHandle p : List.of(podProcess, containerProcess, podShim, containerShim)) {
                assertThat(alive(p)).as("pid %d after jcri's restart", p.pid()).isTrue();
            }
            assertThat(podProcess.parent()).contains(podShim);
            assertThat(containerProcess.parent()).contains(containerShim);

            assertQuietStartUp(jcri.log(), config);
        } finally {
            if (jcri != null) {
                if (pod != null && !jcri.alive()) {
                    // stopped mid-test: a jcri is needed to take the pod down
                    startQuietly(jcri);
                }
                removePod(jcri, pod);
                jcri.close();
            }
            Commands.run("ip", "link", "del", BRIDGE);
            TestDirs.delete(dir);
        }
    }

    /** Both start-ups: a line a phase, and not one warning. */
    private static void assertQuietStartUp(String log, Path config) {
        assertThat(log)
                .contains("configuration: " + config)
                .contains("managed by jcri: pid ")
                .contains("CNI network \"pods\"")
                .containsPattern("recovery done in [0-9]+ ms \\(attempt [0-9]+\\): \\{pods=0, containers=0\\}")
                .containsPattern("recovery done in [0-9]+ ms \\(attempt [0-9]+\\): \\{pods=1, containers=1\\}")
                .containsPattern("jcri .* ready in [0-9.]+ s: CRI on unix://")
                .contains("jcri stopping")
                .doesNotContain("SO_KEEPALIVE");
        assertThat(log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")))
                .as("warnings in jcri's log")
                .isEmpty();
    }

    private static String runPod(JcriProcess jcri, Path logDir) {
        return jcri.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setConfig(PodSandboxConfig.newBuilder()
                                .setMetadata(PodSandboxMetadata.newBuilder()
                                        .setName("restart")
                                        .setNamespace("default")
                                        .setUid("uid-node-restart"))
                                .setLogDirectory(logDir.toString()))
                        .build())
                .getPodSandboxId();
    }

    private static String runContainer(JcriProcess jcri, String pod, Path dir) {
        jcri.images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(BuiltinImages.PAUSE))
                        .build());
        String id = jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setSandboxConfig(PodSandboxConfig.newBuilder()
                                .setMetadata(PodSandboxMetadata.newBuilder()
                                        .setName("restart")
                                        .setNamespace("default")
                                        .setUid("uid-node-restart")))
                        .setConfig(ContainerConfig.newBuilder()
                                .setMetadata(ContainerMetadata.newBuilder().setName("sleeper"))
                                .setImage(ImageSpec.newBuilder().setImage(BuiltinImages.PAUSE))
                                .setLogPath("sleeper.log"))
                        .build())
                .getContainerId();
        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    private static long containerPid(JcriProcess jcri, String id) {
        return pid(jcri.runtime()
                .containerStatus(ContainerStatusRequest.newBuilder()
                        .setContainerId(id)
                        .setVerbose(true)
                        .build())
                .getInfoMap()
                .get("info"));
    }

    private static long pid(String json) {
        Matcher m = PID.matcher(json);
        assertThat(m.find()).as("a pid in %s", json).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Alive and still the same process (a pid is not reused under us). */
    private static boolean alive(ProcessHandle p) {
        Instant started = p.info().startInstant().orElse(null);
        return ProcessHandle.of(p.pid())
                .filter(ProcessHandle::isAlive)
                .map(now -> started == null
                        || started.equals(now.info().startInstant().orElse(null)))
                .orElse(false);
    }

    private static void startQuietly(JcriProcess jcri) {
        try {
            jcri.startAgain();
        } catch (RuntimeException e) {
            System.err.println("starting jcri to clean up: " + e);
        }
    }

    private static void removePod(JcriProcess jcri, String pod) {
        if (pod == null) {
            return;
        }
        try {
            jcri.runtime()
                    .stopPodSandbox(StopPodSandboxRequest.newBuilder()
                            .setPodSandboxId(pod)
                            .build());
            jcri.runtime()
                    .removePodSandbox(RemovePodSandboxRequest.newBuilder()
                            .setPodSandboxId(pod)
                            .build());
        } catch (RuntimeException e) {
            System.err.println("removing pod " + pod + ": " + e);
        }
    }
}
