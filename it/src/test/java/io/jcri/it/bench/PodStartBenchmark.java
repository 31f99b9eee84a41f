package io.jcri.it.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.jcri.adapters.containerd.pause.BuiltinPauseRegistry;
import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ImageServiceGrpc;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.RuntimeServiceGrpc;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.cri.v1.VersionRequest;
import io.jcri.it.fixtures.CniConfigs;
import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.TestDirs;
import io.jcri.it.fixtures.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Pod start latency through the CRI, jcri against containerd's own CRI plugin, side by side on
 * one containerd (the plugin in namespace k8s.io, jcri in its own): each run starts a pod on a CNI
 * bridge (RunPodSandbox), creates a busybox container in it (CreateContainer) and starts it
 * (StartContainer), timing each call; then removes the pod, untimed. Both use the same pause
 * image (jcri's, from a local registry), the same busybox image, the same CNI plugin chain on
 * bridges of their own, and the same containerd; runs alternate between the two. One uncounted
 * warm-up pod each. Prints each step's median and the ratio of the totals.
 * Usage: {@code scripts/bench-pod.sh [runs]}.
 */
public final class PodStartBenchmark {
    private PodStartBenchmark() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args.length > 0 ? Integer.parseInt(args[0]) : 10);
        } finally {
            Commands.run("ip", "link", "del", "bench-ctd0");
            Commands.run("ip", "link", "del", "bench-jcri0");
        }
        // the gRPC clients' event loops are not daemon threads
        System.exit(0);
    }

    /** One runtime under test: its CRI stubs and where its pods log. */
    record Runtime(
            String name,
            RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime,
            ImageServiceGrpc.ImageServiceBlockingStub images,
            Path logs) {}

    /** The three timed steps of one pod start, in seconds. */
    record Start(double sandbox, double create, double start) {
        double total() {
            return sandbox + create + start;
        }
    }

    private static void run(int runs) throws Exception {
        Path dir = TestDirs.create("podbench");
        try (RegistryFixture registry = RegistryFixture.open()) {
            registry.pusher().push("bench/pause", "1", BuiltinPauseRegistry.build());
            registry.pusher().push("bench/busybox", "1", TestImages.busybox("0", "pod-bench", false));
            String pause = registry.host() + "/bench/pause:1";
            String busybox = registry.host() + "/bench/busybox:1";

            Path certs = dir.resolve("certs.d");
            RegistryHostsFiles.plainHttp(certs, registry.host(), registry.host());
            Path ctdCni = CniConfigs.write(
                            dir.resolve("cni-ctd"),
                            "10-bench.conflist",
                            CniConfigs.bridge("bench-ctd", "bench-ctd0", "10.88.90.0/24", dir.resolve("ipam"), ""))
                    .getParent();
            Path socket = dir.resolve("state/containerd.sock");
            Path config = dir.resolve("containerd.toml");
            Files.writeString(config, containerdConfig(dir, socket, pause, ctdCni, certs));
            Process containerd = new ProcessBuilder("containerd", "--config", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("containerd.log").toFile())
                    .start();
            ManagedChannel ctdChannel = null;
            JcriFixture jcri = null;
            try {
                ctdChannel = Grpc.newChannelBuilder("unix://" + socket, InsecureChannelCredentials.create())
                        .build();
                awaitCri(RuntimeServiceGrpc.newBlockingStub(ctdChannel), containerd, dir);

                JcriFixture.Builder jb = JcriFixture.builder()
                        .property("jcri.containerd.socket", socket.toString())
                        .property("jcri.containerd.namespace", "jcri-bench")
                        .property("jcri.sandbox-image", pause);
                RegistryHostsFiles.plainHttp(jb.dir().resolve("certs.d"), registry.host(), registry.host());
                CniConfigs.write(
                        jb.confDir(),
                        "10-bench.conflist",
                        CniConfigs.bridge("bench-jcri", "bench-jcri0", "10.88.91.0/24", dir.resolve("ipam"), ""));
                jcri = jb.start();

                List<Runtime> runtimes = List.of(
                        new Runtime(
                                "containerd CRI",
                                RuntimeServiceGrpc.newBlockingStub(ctdChannel),
                                ImageServiceGrpc.newBlockingStub(ctdChannel),
                                Files.createDirectories(dir.resolve("logs-ctd"))),
                        new Runtime(
                                "jcri",
                                jcri.runtime(),
                                jcri.images(),
                                Files.createDirectories(dir.resolve("logs-jcri"))));
                System.out.println("versions: "
                        + runtimes.get(0)
                                .runtime()
                                .version(VersionRequest.getDefaultInstance())
                                .getRuntimeVersion()
                        + " (containerd CRI) / "
                        + runtimes.get(1)
                                .runtime()
                                .version(VersionRequest.getDefaultInstance())
                                .getRuntimeVersion() + " (jcri)");
                for (Runtime r : runtimes) {
                    r.images()
                            .pullImage(PullImageRequest.newBuilder()
                                    .setImage(ImageSpec.newBuilder().setImage(busybox))
                                    .build());
                }
                List<List<Start>> results = List.of(new ArrayList<>(), new ArrayList<>());
                for (int run = 0; run <= runs; run++) {
                    for (int i = 0; i < runtimes.size(); i++) {
                        // alternate which runtime goes first, so neither always meets a fresher cache
                        int which = (run % 2 == 0) ? i : runtimes.size() - 1 - i;
                        Runtime r = runtimes.get(which);
                        Start s = startPod(r, "bench-" + run, busybox);
                        if (run > 0) {
                            results.get(which).add(s);
                        }
                        System.out.printf(
                                Locale.ROOT,
                                "%s %d %-15s sandbox %6.1f ms  create %5.1f ms  start %6.1f ms  total %6.1f ms%n",
                                run == 0 ? "warm-up" : "run",
                                run,
                                r.name(),
                                s.sandbox() * 1e3,
                                s.create() * 1e3,
                                s.start() * 1e3,
                                s.total() * 1e3);
                    }
                }
                double[] totals = new double[runtimes.size()];
                for (int i = 0; i < runtimes.size(); i++) {
                    List<Start> rs = results.get(i);
                    totals[i] = Medians.of(rs.stream().map(Start::total).toList());
                    System.out.printf(
                            Locale.ROOT,
                            "median over %d pods, %-15s RunPodSandbox %6.1f ms  CreateContainer %5.1f ms"
                                    + "  StartContainer %6.1f ms  total %6.1f ms%n",
                            runs,
                            runtimes.get(i).name(),
                            Medians.of(rs.stream().map(Start::sandbox).toList()) * 1e3,
                            Medians.of(rs.stream().map(Start::create).toList()) * 1e3,
                            Medians.of(rs.stream().map(Start::start).toList()) * 1e3,
                            totals[i] * 1e3);
                }
                System.out.printf(Locale.ROOT, "ratio jcri/containerd CRI (total) = %.2f%n", totals[1] / totals[0]);
            } finally {
                if (jcri != null) {
                    jcri.removeAllPods();
                    jcri.close();
                }
                if (ctdChannel != null) {
                    removeAllPods(RuntimeServiceGrpc.newBlockingStub(ctdChannel));
                    ctdChannel.shutdownNow();
                }
                containerd.destroy();
                containerd.waitFor(20, TimeUnit.SECONDS);
                Commands.run(
                        "sh",
                        "-c",
                        "pkill -f 'containerd-shim-runc-v2 -namespace (k8s.io|jcri-bench) .*" + dir + "' || true");
            }
        } finally {
            Commands.run(
                    "sh", "-c", "grep -o ' " + dir + "[^ ]*' /proc/self/mountinfo | sort -r | xargs -r -n1 umount");
            TestDirs.delete(dir);
        }
    }

    private static String containerdConfig(Path dir, Path socket, String pause, Path cniConf, Path certs) {
        return String.join(
                "\n",
                "version = 2",
                "root = \"" + dir.resolve("root") + "\"",
                "state = \"" + dir.resolve("state") + "\"",
                "[grpc]",
                "  address = \"" + socket + "\"",
                "[ttrpc]",
                "  address = \"" + socket + ".ttrpc\"",
                "[plugins.\"io.containerd.internal.v1.opt\"]",
                "  path = \"" + dir.resolve("opt") + "\"",
                "[plugins.\"io.containerd.grpc.v1.cri\"]",
                "  sandbox_image = \"" + pause + "\"",
                // this host's root may not lower oom_score_adj (no CAP_SYS_RESOURCE)
                "  restrict_oom_score_adj = true",
                "  disable_apparmor = true",
                "  [plugins.\"io.containerd.grpc.v1.cri\".cni]",
                "    bin_dir = \"" + CniConfigs.DEBIAN_PLUGINS + "\"",
                "    conf_dir = \"" + cniConf + "\"",
                "  [plugins.\"io.containerd.grpc.v1.cri\".registry]",
                "    config_path = \"" + certs + "\"",
                "  [plugins.\"io.containerd.grpc.v1.cri\".containerd]",
                "    snapshotter = \"overlayfs\"",
                "    default_runtime_name = \"runc\"",
                "    [plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc]",
                "      runtime_type = \"io.containerd.runc.v2\"",
                "");
    }

    private static void awaitCri(RuntimeServiceGrpc.RuntimeServiceBlockingStub cri, Process containerd, Path dir)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                cri.withDeadlineAfter(2, TimeUnit.SECONDS).version(VersionRequest.getDefaultInstance());
                return;
            } catch (RuntimeException e) {
                if (!containerd.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "containerd's CRI plugin did not answer; see " + dir.resolve("containerd.log"), e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static Start startPod(Runtime r, String name, String image) {
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(name)
                        .setNamespace("bench")
                        .setUid("uid-" + name))
                .setHostname(name)
                .setLogDirectory(r.logs().resolve(name).toString())
                .build();
        long t0 = System.nanoTime();
        String id = r.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build())
                .getPodSandboxId();
        long t1 = System.nanoTime();
        String c = r.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(id)
                        .setSandboxConfig(pod)
                        .setConfig(ContainerConfig.newBuilder()
                                .setMetadata(ContainerMetadata.newBuilder().setName("app"))
                                .setImage(ImageSpec.newBuilder().setImage(image))
                                .addCommand("sleep")
                                .addArgs("3600")
                                .setLogPath("app.log"))
                        .build())
                .getContainerId();
        long t2 = System.nanoTime();
        r.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(c).build());
        long t3 = System.nanoTime();
        r.runtime()
                .stopPodSandbox(
                        StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        r.runtime()
                .removePodSandbox(
                        RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        return new Start((t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }

    private static void removeAllPods(RuntimeServiceGrpc.RuntimeServiceBlockingStub cri) {
        for (var p : cri.listPodSandbox(io.jcri.cri.v1.ListPodSandboxRequest.getDefaultInstance())
                .getItemsList()) {
            cri.stopPodSandbox(StopPodSandboxRequest.newBuilder()
                    .setPodSandboxId(p.getId())
                    .build());
            cri.removePodSandbox(RemovePodSandboxRequest.newBuilder()
                    .setPodSandboxId(p.getId())
                    .build());
        }
    }
}
