package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.adapters.containerd.oci.OciImageBuilder.BuiltImage;
import io.jcri.cri.v1.Capability;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerFilter;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerStatusRequest;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.Device;
import io.jcri.cri.v1.ExecSyncRequest;
import io.jcri.cri.v1.ExecSyncResponse;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.LinuxContainerSecurityContext;
import io.jcri.cri.v1.LinuxPodSandboxConfig;
import io.jcri.cri.v1.LinuxSandboxSecurityContext;
import io.jcri.cri.v1.ListContainersRequest;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.Mount;
import io.jcri.cri.v1.MountPropagation;
import io.jcri.cri.v1.NamespaceMode;
import io.jcri.cri.v1.NamespaceOption;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxFilter;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.ReopenContainerLogRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.SecurityProfile;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.it.fixtures.CniConfigs;
import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.ContainerdFixture;
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
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the CRI validation suite checks of a runtime's pods and containers, asked through jcri's
 * CRI socket of real containerd, runc and Debian's CNI plugins: PID and IPC namespaces (pod,
 * container, node), sysctls, privileged containers, capabilities, no_new_privs, seccomp,
 * masked and read-only paths, devices, mount propagation, log reopening and label selectors.
 * Each container runs {@code sleep}; what it sees is read with ExecSync.
 */
class CriConformanceIT {
    /** The capabilities a container gets by default, as a CapEff mask. */
    static final String DEFAULT_CAPS = "00000000a80425fb";

    static RegistryFixture registry;
    static ContainerdFixture containerd;
    static JcriFixture jcri;
    static Path work;
    static String image;

    @BeforeAll
    static void start() {
        registry = RegistryFixture.open();
        BuiltImage busybox = TestImages.busybox("", "conformance", false);
        registry.pusher().push("test/busybox", "1", busybox);
        image = registry.host() + "/test/busybox:1";
        containerd = ContainerdFixture.start();
        work = TestDirs.create("conformance");
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd).property("jcri.sandbox-image", "builtin");
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), registry.host(), registry.host());
        CniConfigs.write(
                b.confDir(),
                "10-pods.conflist",
                CniConfigs.bridge("pods", "jcri-cf0", "10.88.70.0/24", work.resolve("ipam"), ""));
        jcri = b.start();
        jcri.images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .build());
    }

    @AfterAll
    static void stop() {
        try {
            Teardown.close(Teardown.podsRemoved(jcri), containerd, registry);
        } finally {
            Commands.run("ip", "link", "del", "jcri-cf0");
            TestDirs.delete(work);
        }
    }

    static String pod(String name, Consumer<PodSandboxConfig.Builder> customize) {
        PodSandboxConfig.Builder c = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(name)
                        .setNamespace("conformance")
                        .setUid("uid-" + name))
                .setHostname(name)
                .setLogDirectory(work.resolve("logs/" + name).toString())
                .putLabels("suite", "conformance")
                .putLabels("pod", name);
        customize.accept(c);
        return jcri.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(c).build())
                .getPodSandboxId();
    }

    static String pod(String name) {
        return pod(name, c -> {});
    }

    static LinuxPodSandboxConfig.Builder namespaces(NamespaceMode pid, NamespaceMode ipc) {
        return LinuxPodSandboxConfig.newBuilder()
                .setSecurityContext(LinuxSandboxSecurityContext.newBuilder()
                        .setNamespaceOptions(NamespaceOption.newBuilder()
                                .setPid(pid)
                                .setIpc(ipc)
                                .setNetwork(NamespaceMode.POD)));
    }

    /** Creates and starts a {@code sleep} container in {@code pod}; {@code customize} adds to its config. */
    static String sleeper(String pod, String name, Consumer<ContainerConfig.Builder> customize) {
        ContainerConfig.Builder c = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                .setImage(ImageSpec.newBuilder().setImage(image))
                .addCommand("sleep")
                .addArgs("1000")
                .setLogPath(name + ".log")
                .putLabels("container", name);
        customize.accept(c);
        String id = jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setConfig(c)
                        .build())
                .getContainerId();
        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    static LinuxContainerSecurityContext.Builder security(ContainerConfig.Builder c) {
        return c.getLinuxBuilder().getSecurityContextBuilder();
    }

    /** Runs {@code sh -c script} in the container: its stdout, and stderr after "ERR:" when it fails. */
    static String sh(String container, String script) {
        ExecSyncResponse r = jcri.runtime()
                .execSync(ExecSyncRequest.newBuilder()
                        .setContainerId(container)
                        .addCmd("sh")
                        .addCmd("-c")
                        .addCmd(script)
                        .setTimeout(20)
                        .build());
        String out = r.getStdout().toStringUtf8().trim();
        return r.getExitCode() == 0
                ? out
                : out + "ERR:" + r.getExitCode() + ":" + r.getStderr().toStringUtf8();
    }

    static String procStatus(String container, String field) {
        return sh(container, "grep '^" + field + ":' /proc/self/status | tr -d '\\t ' | cut -d: -f2");
    }

    static String hostCapEff() throws Exception {
        return Files.readString(Path.of("/proc/self/status"))
                .lines()
                .filter(l -> l.startsWith("CapEff:"))
                .map(l -> l.substring("CapEff:".length()).trim())
                .findFirst()
                .orElseThrow();
    }

    static String hostLink(String path) throws Exception {
        return Files.readSymbolicLink(Path.of(path)).toString();
    }

    @Test
    void pidNamespacesArePerContainerSharedInThePodOrTheNodes() throws Exception {
        String own = sleeper(
                pod("pid-container", c -> c.setLinux(namespaces(NamespaceMode.CONTAINER, NamespaceMode.POD))),
                "c",
                c -> security(c)
                        .setNamespaceOptions(NamespaceOption.newBuilder().setPid(NamespaceMode.CONTAINER)));
        assertThat(sh(own, "cat /proc/1/cmdline | tr '\\0' ' '")).isEqualTo("sleep 1000");

        String shared = pod("pid-pod", c -> c.setLinux(namespaces(NamespaceMode.POD, NamespaceMode.POD)));
        String first = sleeper(shared, "first", c -> {});
        String second = sleeper(shared, "second", c -> c.clearArgs().addArgs("2000"));
        assertThat(sh(first, "cat /proc/1/cmdline | tr '\\0' ' '")).isEqualTo("/pause");
        assertThat(sh(first, "ps -o args | grep -c '^sleep 2000'")).isEqualTo("1");
        assertThat(sh(second, "readlink /proc/self/ns/pid")).isEqualTo(sh(first, "readlink /proc/self/ns/pid"));

        String node = pod("pid-node", c -> c.setLinux(namespaces(NamespaceMode.NODE, NamespaceMode.NODE)));
        String onNode = sleeper(node, "c", c -> {});
        assertThat(sh(onNode, "readlink /proc/self/ns/pid")).isEqualTo(hostLink("/proc/self/ns/pid"));
        assertThat(sh(onNode, "readlink /proc/self/ns/ipc")).isEqualTo(hostLink("/proc/self/ns/ipc"));
        assertThat(sh(onNode, "test -d /proc/" + ProcessHandle.current().pid() + " && echo seen"))
                .isEqualTo("seen");

        assertThat(sh(own, "readlink /proc/self/ns/pid")).isNotEqualTo(hostLink("/proc/self/ns/pid"));
        assertThat(sh(own, "readlink /proc/self/ns/ipc")).isNotEqualTo(hostLink("/proc/self/ns/ipc"));
        assertThat(sh(own, "readlink /proc/self/ns/net")).isNotEqualTo(hostLink("/proc/self/ns/net"));
    }

    @Test
    void podSysctlsAndHostnameReachItsContainers() {
        String pod = pod(
                "sysctls",
                c -> c.setLinux(LinuxPodSandboxConfig.newBuilder()
                        .putSysctls("kernel.shm_rmid_forced", "1")
                        .putSysctls("net.ipv4.ip_unprivileged_port_start", "999")
                        // names the interface CNI makes: the pause task must wait for the network
                        .putSysctls("net.ipv4.conf.eth0.arp_ignore", "1")));
        String c = sleeper(pod, "c", x -> {});
        assertThat(sh(c, "cat /proc/sys/kernel/shm_rmid_forced")).isEqualTo("1");
        assertThat(sh(c, "cat /proc/sys/net/ipv4/ip_unprivileged_port_start")).isEqualTo("999");
        assertThat(sh(c, "cat /proc/sys/net/ipv4/conf/eth0/arp_ignore")).isEqualTo("1");
        assertThat(sh(c, "hostname")).isEqualTo("sysctls");
    }

    @Test
    void privilegedGetsEveryCapabilityAndUnmaskedProcOthersTheDefaults() throws Exception {
        String pod = pod(
                "privileged",
                c -> c.setLinux(LinuxPodSandboxConfig.newBuilder()
                        .setSecurityContext(
                                LinuxSandboxSecurityContext.newBuilder().setPrivileged(true))));
        String privileged = sleeper(pod, "privileged", c -> security(c).setPrivileged(true));
        String plain = sleeper(pod, "plain", c -> {});

        // Every capability this host's root holds (here it lacks CAP_SYS_RESOURCE).
        assertThat(procStatus(privileged, "CapEff")).isEqualTo(hostCapEff());
        assertThat(sh(privileged, "mkdir -p /mnt/t && mount -t tmpfs none /mnt/t && echo mounted"))
                .isEqualTo("mounted");
        assertThat(sh(privileged, "echo 1 > /proc/sys/kernel/shm_rmid_forced && echo written"))
                .isEqualTo("written");

        assertThat(procStatus(plain, "CapEff")).isEqualTo(DEFAULT_CAPS);
        assertThat(sh(plain, "mkdir -p /mnt/t && mount -t tmpfs none /mnt/t && echo mounted"))
                .contains("ERR:");
        assertThat(sh(plain, "echo 1 > /proc/sys/kernel/shm_rmid_forced && echo written"))
                .contains("ERR:")
                .contains("Read-only file system");
        assertThat(sh(plain, "wc -c < /proc/timer_list")).isEqualTo("0");
        assertThat(Long.parseLong(sh(privileged, "wc -c < /proc/timer_list"))).isPositive();
    }

    @Test
    void capabilitiesNoNewPrivsMaskedAndReadonlyPathsAreApplied() {
        String pod = pod("caps");
        String added = sleeper(
                pod,
                "added",
                c -> security(c)
                        .setNoNewPrivs(true)
                        .setCapabilities(Capability.newBuilder()
                                .addAddCapabilities("NET_ADMIN")
                                .addDropCapabilities("CHOWN"))
                        .addMaskedPaths("/etc/marker")
                        .addReadonlyPaths("/tmp"));
        long mask = Long.parseLong(procStatus(added, "CapEff"), 16);
        assertThat(mask & (1L << 12)).as("NET_ADMIN").isNotZero();
        assertThat(mask & 1L).as("CHOWN").isZero();
        assertThat(procStatus(added, "NoNewPrivs")).isEqualTo("1");
        assertThat(sh(added, "wc -c < /etc/marker")).isEqualTo("0");
        assertThat(sh(added, "touch /tmp/x")).contains("Read-only file system");
        assertThat(sh(added, "ip link set lo mtu 1400 && echo changed")).isEqualTo("changed");

        String none = sleeper(
                pod,
                "none",
                c -> security(c).setCapabilities(Capability.newBuilder().addDropCapabilities("ALL")));
        assertThat(procStatus(none, "CapEff")).isEqualTo("0000000000000000");
        assertThat(procStatus(none, "NoNewPrivs")).isEqualTo("0");
        assertThat(sh(none, "cat /etc/marker")).isEqualTo("conformance");
    }

    @Test
    void seccompIsUnconfinedRuntimeDefaultOrALocalhostProfile() throws Exception {
        Path profile = Files.writeString(work.resolve("no-chmod.json"), """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["chmod", "fchmod", "fchmodat"], "action": "SCMP_ACT_ERRNO"}]}
                """);
        String pod = pod("seccomp");
        String unconfined = sleeper(
                pod,
                "unconfined",
                c -> security(c)
                        .setSeccomp(
                                SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.Unconfined)));
        String runtimeDefault = sleeper(
                pod,
                "default",
                c -> security(c)
                        .setSeccomp(SecurityProfile.newBuilder()
                                .setProfileType(SecurityProfile.ProfileType.RuntimeDefault)));
        String localhost = sleeper(
                pod,
                "localhost",
                c -> security(c)
                        .setSeccomp(SecurityProfile.newBuilder()
                                .setProfileType(SecurityProfile.ProfileType.Localhost)
                                .setLocalhostRef(profile.toString())));

        assertThat(procStatus(unconfined, "Seccomp")).isEqualTo("0");
        assertThat(procStatus(runtimeDefault, "Seccomp")).isEqualTo("2");
        assertThat(procStatus(localhost, "Seccomp")).isEqualTo("2");
        assertThat(sh(runtimeDefault, "touch /tmp/f && chmod 600 /tmp/f && echo changed"))
                .isEqualTo("changed");
        assertThat(sh(localhost, "touch /tmp/f && chmod 600 /tmp/f && echo changed"))
                .contains("ERR:")
                .contains("Operation not permitted");
    }

    @Test
    void aHostDeviceAndReadonlyAndWritableHostPathsAreUsable() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("in"), "from the host\n");
        String pod = pod("devices");
        String c = sleeper(
                pod,
                "c",
                x -> x.addDevices(Device.newBuilder()
                                .setHostPath("/dev/null")
                                .setContainerPath("/dev/jcri-null")
                                .setPermissions("rwm"))
                        .addMounts(Mount.newBuilder()
                                .setHostPath(data.toString())
                                .setContainerPath("/data-ro")
                                .setReadonly(true))
                        .addMounts(
                                Mount.newBuilder().setHostPath(data.toString()).setContainerPath("/data-rw")));
        assertThat(sh(c, "cat /data-ro/in")).isEqualTo("from the host");
        assertThat(sh(c, "touch /data-ro/out")).contains("Read-only file system");
        assertThat(sh(c, "echo written > /data-rw/out && echo ok")).isEqualTo("ok");
        assertThat(Files.readString(data.resolve("out"))).isEqualTo("written\n");
        assertThat(sh(c, "echo hi > /dev/jcri-null && wc -c < /dev/jcri-null")).isEqualTo("0");
        assertThat(sh(c, "ls -l /dev/jcri-null | cut -c1")).isEqualTo("c");
    }

    @Test
    void mountsPropagateAsTheirPropagationSays() throws Exception {
        Path shared = Files.createDirectories(work.resolve("shared"));
        assertThat(Commands.run("mount", "--bind", shared.toString(), shared.toString())
                        .exit())
                .isZero();
        try {
            assertThat(Commands.run("mount", "--make-shared", shared.toString()).exit())
                    .isZero();
            String pod = pod(
                    "propagation",
                    c -> c.setLinux(LinuxPodSandboxConfig.newBuilder()
                            .setSecurityContext(
                                    LinuxSandboxSecurityContext.newBuilder().setPrivileged(true))));
            String priv =
                    sleeper(pod, "private", c -> c.addMounts(mount(shared, MountPropagation.PROPAGATION_PRIVATE)));
            String slave = sleeper(
                    pod, "slave", c -> c.addMounts(mount(shared, MountPropagation.PROPAGATION_HOST_TO_CONTAINER)));
            String bidi = sleeper(pod, "bidirectional", c -> {
                c.addMounts(mount(shared, MountPropagation.PROPAGATION_BIDIRECTIONAL));
                security(c).setPrivileged(true);
            });

            Path privateDir = Files.createDirectories(work.resolve("private"));
            Commands.run("mount", "--bind", privateDir.toString(), privateDir.toString());
            try {
                assertThat(Commands.run("mount", "--make-private", privateDir.toString())
                                .exit())
                        .isZero();
                io.grpc.StatusRuntimeException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                        io.grpc.StatusRuntimeException.class,
                        () -> sleeper(pod, "refused", c -> {
                            c.addMounts(mount(privateDir, MountPropagation.PROPAGATION_BIDIRECTIONAL));
                            security(c).setPrivileged(true);
                        }));
                assertThat(refused.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
                assertThat(refused.getStatus().getDescription())
                        .contains(privateDir.toString())
                        .contains("its mount is not shared");
                assertThat(jcri.runtime()
                                .listContainers(ListContainersRequest.newBuilder()
                                        .setFilter(ContainerFilter.newBuilder().setPodSandboxId(pod))
                                        .build())
                                .getContainersList())
                        .extracting(x -> x.getMetadata().getName())
                        .containsExactlyInAnyOrder("private", "slave", "bidirectional");
            } finally {
                Commands.run("umount", privateDir.toString());
            }

            Path fromHost = Files.createDirectories(shared.resolve("from-host"));
            assertThat(Commands.run("mount", "-t", "tmpfs", "jcri-from-host", fromHost.toString())
                            .exit())
                    .isZero();
            String seen = "grep -c ' /mnt/shared/from-host ' /proc/mounts";
            assertThat(sh(slave, seen)).isEqualTo("1");
            assertThat(sh(bidi, seen)).isEqualTo("1");
            assertThat(sh(priv, seen)).startsWith("0");

            assertThat(sh(
                            bidi,
                            "mkdir -p /mnt/shared/from-pod && mount -t tmpfs jcri-from-pod /mnt/shared/from-pod"
                                    + " && echo mounted"))
                    .isEqualTo("mounted");
            Path fromPod = shared.resolve("from-pod");
            assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).contains(" " + fromPod + " ");
            assertThat(sh(slave, "grep -c ' /mnt/shared/from-pod ' /proc/mounts"))
                    .isEqualTo("1");
            Commands.run("umount", fromPod.toString());
            Commands.run("umount", fromHost.toString());
        } finally {
            jcri.removeAllPods();
            Commands.run("umount", "-R", shared.toString());
        }
    }

    static Mount mount(Path host, MountPropagation propagation) {
        return Mount.newBuilder()
                .setHostPath(host.toString())
                .setContainerPath("/mnt/shared")
                .setPropagation(propagation)
                .build();
    }

    @Test
    void reopenContainerLogStartsANewFileAfterRotation() throws Exception {
        String pod = pod("logs");
        String c = sleeper(
                pod,
                "ticker",
                x -> x.clearCommand()
                        .clearArgs()
                        .addCommand("sh")
                        .addArgs("-c")
                        .addArgs("i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.1; done"));
        Path log = Path.of(jcri.runtime()
                .containerStatus(
                        ContainerStatusRequest.newBuilder().setContainerId(c).build())
                .getStatus()
                .getLogPath());
        Await.until(Duration.ofSeconds(10), "ticks in the log", () -> lines(log) >= 2);
        Path rotated = log.resolveSibling("ticker.log.1");
        Files.move(log, rotated);
        jcri.runtime()
                .reopenContainerLog(
                        ReopenContainerLogRequest.newBuilder().setContainerId(c).build());
        Await.until(Duration.ofSeconds(10), "ticks in the reopened log", () -> lines(log) >= 2);
        long rotatedLines = lines(rotated);
        Thread.sleep(300);
        assertThat(lines(rotated)).isEqualTo(rotatedLines);
        assertThat(Files.readString(log)).contains(" stdout F tick ");
    }

    static long lines(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f).lines().count() : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void labelSelectorsPickPodsAndContainers() {
        String a = pod("labels-a");
        String b = pod("labels-b");
        String inA = sleeper(a, "in-a", c -> c.putLabels("tier", "web"));
        sleeper(b, "in-b", c -> c.putLabels("tier", "db"));

        assertThat(jcri.runtime()
                        .listPodSandbox(ListPodSandboxRequest.newBuilder()
                                .setFilter(PodSandboxFilter.newBuilder()
                                        .putAllLabelSelector(Map.of("suite", "conformance", "pod", "labels-b")))
                                .build())
                        .getItemsList())
                .extracting(p -> p.getId())
                .containsExactly(b);
        assertThat(jcri.runtime()
                        .listContainers(ListContainersRequest.newBuilder()
                                .setFilter(ContainerFilter.newBuilder().putLabelSelector("tier", "web"))
                                .build())
                        .getContainersList())
                .extracting(x -> x.getId())
                .containsExactly(inA);
        assertThat(jcri.runtime()
                        .listContainers(ListContainersRequest.newBuilder()
                                .setFilter(ContainerFilter.newBuilder()
                                        .setPodSandboxId(b)
                                        .putLabelSelector("tier", "web"))
                                .build())
                        .getContainersList())
                .isEmpty();
    }

    @Test
    void aFinishedPodLeavesNothingBehind() throws Exception {
        String pod = pod("leaves-nothing");
        String running = sleeper(pod, "running", c -> {});
        String exited = sleeper(pod, "exited", c -> c.clearCommand().clearArgs().addCommand("true"));
        assertThat(sh(running, "echo exec")).isEqualTo("exec");
        String ip = jcri.runtime()
                .podSandboxStatus(io.jcri.cri.v1.PodSandboxStatusRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .build())
                .getStatus()
                .getNetwork()
                .getIp();
        assertThat(ip).startsWith("10.88.70.");
        List<String> ids = List.of(pod, running, exited);
        assertThat(leftovers(ids)).as("while the pod runs").isNotEmpty();
        assertThat(shimOf(pod).exit()).as("the pod's shim runs").isZero();

        jcri.runtime()
                .stopPodSandbox(io.jcri.cri.v1.StopPodSandboxRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .build());
        jcri.runtime()
                .removePodSandbox(io.jcri.cri.v1.RemovePodSandboxRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .build());

        Await.until(
                Duration.ofSeconds(10),
                "the pod's shim to exit",
                () -> shimOf(pod).exit() != 0);
        assertThat(leftovers(ids)).isEmpty();
        for (String what : List.of("containers", "tasks", "snapshots")) {
            assertThat(containerd.ctr("k8s.io", what, "ls")).as(what).doesNotContain(pod, running, exited);
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(pod, running, exited);
        try (var files = Files.walk(work.resolve("ipam"))) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(f -> f.getFileName().toString()))
                    .doesNotContain(ip);
        }
    }

    static Commands.Result shimOf(String pod) {
        return Commands.run("pgrep", "-f", "containerd-shim-runc-v2 .*-id " + pod);
    }

    /**
     * Files and directories under jcri's and containerd's directories named after one of {@code
     * ids}. containerd may remove files while this walks (other pods, its garbage collector):
     * what vanishes is skipped.
     */
    static List<Path> leftovers(List<String> ids) throws Exception {
        List<Path> found = new java.util.ArrayList<>();
        for (Path root : List.of(jcri.dir(), containerd.dir())) {
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(
                        Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                    check(dir);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(
                        Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                    check(file);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, java.io.IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult postVisitDirectory(Path dir, java.io.IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                private void check(Path p) {
                    if (ids.stream().anyMatch(id -> p.toString().contains(id))) {
                        found.add(p);
                    }
                }
            });
        }
        return found;
    }
}
