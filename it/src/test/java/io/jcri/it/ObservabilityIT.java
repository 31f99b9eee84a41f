package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.cri.v1.ContainerConfig;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerStats;
import io.jcri.cri.v1.ContainerStatsRequest;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.ListContainerStatsRequest;
import io.jcri.cri.v1.ListPodSandboxStatsRequest;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PodSandboxStats;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StartContainerRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.it.fixtures.CniConfigs;
import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.HeadlessChromium;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.Teardown;
import io.jcri.it.fixtures.TestDirs;
import io.jcri.it.fixtures.TestImages;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stats, CRI metrics, the admin API, its event stream and the Prometheus endpoint, on a real pod: a container
 * burning CPU, one filling memory (tmpfs) and its writable layer, on real containerd, runc and CNI.
 */
class ObservabilityIT {
    static ContainerdFixture containerd;
    static RegistryFixture registry;
    static JcriFixture jcri;
    static Path logDir;
    static String image;
    static String pod;
    static String burner;
    static String filler;

    @BeforeAll
    static void start() {
        registry = RegistryFixture.open();
        image = registry.host() + "/test/busybox:1";
        registry.pusher().push("test/busybox", "1", TestImages.busybox("", "observe", false));
        containerd = ContainerdFixture.start();
        logDir = TestDirs.create("pod-logs");
        JcriFixture.Builder b = JcriFixture.builder().containerd(containerd).property("jcri.sandbox-image", "builtin");
        RegistryHostsFiles.plainHttp(b.dir().resolve("certs.d"), registry.host(), registry.host());
        CniConfigs.write(b.confDir(), "10-pods.conflist", CniConfigs.bridge("pods", "jcri-ob0", "10.88.70.0/24"));
        jcri = b.start();
        jcri.images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(image))
                        .build());
        pod = runPod("stats");
        burner = runContainer(pod, "burner", "echo first line; echo hello from burner; while :; do :; done");
        filler = runContainer(
                pod,
                "filler",
                "head -c 41943040 /dev/urandom > /dev/shm/fill; head -c 3145728 /dev/urandom > /tmp/blob; sleep 1000");
    }

    @AfterAll
    static void stop() {
        Teardown.close(Teardown.podsRemoved(jcri), containerd, registry);
        Commands.run("ip", "link", "del", "jcri-ob0");
        TestDirs.delete(logDir);
    }

    static PodSandboxConfig podConfig(String name) {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(name)
                        .setNamespace("observe")
                        .setUid("uid-" + name))
                .setLogDirectory(logDir.resolve(name).toString())
                .putLabels("suite", "observability")
                .build();
    }

    static String runPod(String name) {
        return jcri.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setConfig(podConfig(name))
                        .build())
                .getPodSandboxId();
    }

    static String runContainer(String pod, String name, String script) {
        String id = jcri.runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(pod)
                        .setSandboxConfig(podConfig(name))
                        .setConfig(ContainerConfig.newBuilder()
                                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                                .setImage(ImageSpec.newBuilder().setImage(image))
                                .addCommand("sh")
                                .addArgs("-c")
                                .addArgs(script)
                                .setLogPath(name + "/0.log"))
                        .build())
                .getContainerId();
        jcri.runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    static ContainerStats stats(String id) {
        return jcri.runtime()
                .containerStats(
                        ContainerStatsRequest.newBuilder().setContainerId(id).build())
                .getStats();
    }

    @Test
    void statsShowTheBurnedCpuTheFilledMemoryTheWritableLayerAndThePodsNetwork() {
        Await.until(
                Duration.ofSeconds(20),
                "the burner to use over 0.3 cores",
                () -> stats(burner).getCpu().getUsageNanoCores().getValue() > 300_000_000L);
        Await.until(
                Duration.ofSeconds(20),
                "the filler's working set to pass 35 MiB",
                () -> stats(filler).getMemory().getWorkingSetBytes().getValue() > 35L << 20);
        Await.until(
                Duration.ofSeconds(20),
                "the filler's writable layer to hold its 3 MiB blob",
                () -> stats(filler).getWritableLayer().getUsedBytes().getValue() >= 3L << 20);
        ContainerStats f = stats(filler);
        assertThat(f.getWritableLayer().getInodesUsed().getValue()).isPositive();
        assertThat(f.getWritableLayer().getFsId().getMountpoint()).contains("snapshotter");
        assertThat(f.getMemory().getUsageBytes().getValue())
                .isGreaterThanOrEqualTo(f.getMemory().getWorkingSetBytes().getValue());
        assertThat(stats(burner).getCpu().getUsageCoreNanoSeconds().getValue()).isPositive();
        assertThat(stats(filler).getCpu().getUsageNanoCores().getValue()).isLessThan(300_000_000L);

        List<ContainerStats> all = jcri.runtime()
                .listContainerStats(ListContainerStatsRequest.getDefaultInstance())
                .getStatsList();
        assertThat(all).extracting(s -> s.getAttributes().getId()).contains(burner, filler);
        PodSandboxStats p =
                jcri
                        .runtime()
                        .listPodSandboxStats(ListPodSandboxStatsRequest.getDefaultInstance())
                        .getStatsList()
                        .stream()
                        .filter(s -> s.getAttributes().getId().equals(pod))
                        .findFirst()
                        .orElseThrow();
        assertThat(p.getLinux().getContainersCount()).isEqualTo(2);
        assertThat(p.getLinux().getMemory().getWorkingSetBytes().getValue()).isGreaterThan(35L << 20);
        assertThat(p.getLinux().getNetwork().getDefaultInterface().getName()).isEqualTo("eth0");
        assertThat(p.getLinux().getNetwork().getInterfacesList())
                .noneMatch(i -> i.getName().equals("lo"));
    }

    /** The pod's metrics: its own (network) and its containers', as name{own labels}=value. */
    static java.util.Map<String, Long> metrics(String containerId) {
        io.jcri.cri.v1.PodSandboxMetrics m = jcri
                .runtime()
                .listPodSandboxMetrics(io.jcri.cri.v1.ListPodSandboxMetricsRequest.getDefaultInstance())
                .getPodMetricsList()
                .stream()
                .filter(x -> x.getPodSandboxId().equals(pod))
                .findFirst()
                .orElseThrow();
        List<io.jcri.cri.v1.Metric> values = new java.util.ArrayList<>(m.getMetricsList());
        m.getContainerMetricsList().stream()
                .filter(c -> c.getContainerId().equals(containerId))
                .forEach(c -> values.addAll(c.getMetricsList()));
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        for (io.jcri.cri.v1.Metric v : values) {
            List<String> own = v.getLabelValuesList().subList(5, v.getLabelValuesCount());
            out.put(
                    v.getName() + (own.isEmpty() ? "" : "{" + String.join(",", own) + "}"),
                    v.getValue().getValue());
        }
        return out;
    }

    @Test
    void metricsShowTheBurnersCpuTheFillersMemoryAndLayerAndThePodsNetworkUnderTheirLabels() {
        Await.until(
                Duration.ofSeconds(20),
                "the burner's CPU to pass 2 s",
                () -> metrics(burner).getOrDefault("container_cpu_usage_seconds_total{total}", 0L) >= 2);
        Await.until(
                Duration.ofSeconds(20),
                "the filler's working set to pass 35 MiB and its layer 3 MiB",
                () -> metrics(filler).getOrDefault("container_memory_working_set_bytes", 0L) > 35L << 20
                        && metrics(filler).getOrDefault("container_fs_usage_bytes", 0L) >= 3L << 20);
        java.util.Map<String, Long> f = metrics(filler);
        assertThat(f.get("container_fs_limit_bytes")).isGreaterThan(f.get("container_fs_usage_bytes"));
        assertThat(f.get("container_fs_inodes_total")).isGreaterThanOrEqualTo(f.get("container_fs_inodes_free"));
        assertThat(f.get("container_processes")).isPositive();
        assertThat(f.get("container_threads")).isPositive();
        assertThat(f.get("container_file_descriptors")).isGreaterThanOrEqualTo(3);
        assertThat(f.get("container_memory_usage_bytes"))
                .isGreaterThanOrEqualTo(f.get("container_memory_working_set_bytes"));
        assertThat(f.get("container_spec_cpu_period")).isEqualTo(100_000L);
        assertThat(f).containsKeys("container_network_receive_bytes_total{eth0}", "container_oom_events_total");
        assertThat(f).doesNotContainKey("container_network_receive_bytes_total{lo}");
        assertThat(f.get("container_start_time_seconds")).isLessThanOrEqualTo(f.get("container_last_seen"));

        io.jcri.cri.v1.Metric cpu = jcri
                .runtime()
                .listPodSandboxMetrics(io.jcri.cri.v1.ListPodSandboxMetricsRequest.getDefaultInstance())
                .getPodMetricsList()
                .stream()
                .flatMap(m -> m.getContainerMetricsList().stream())
                .filter(c -> c.getContainerId().equals(burner))
                .flatMap(c -> c.getMetricsList().stream())
                .filter(x -> x.getName().equals("container_cpu_usage_seconds_total"))
                .findFirst()
                .orElseThrow();
        assertThat(cpu.getLabelValuesList()).containsExactly("burner", burner, image, "observe", "stats", "total");
    }

    @Test
    void theAdminApiShowsThePodItsTimelineLogsImagesAndRuntime() {
        JcriFixture.HttpResult pods = jcri.get("/api/v1/pods?namespace=observe&label=suite=observability");
        assertThat(pods.status()).isEqualTo(200);
        assertThat(pods.body()).contains(pod).contains("\"SANDBOX_READY\"").contains("10.88.70.");

        JcriFixture.HttpResult detail = jcri.get("/api/v1/pods/" + pod);
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body())
                .contains("SANDBOX_CREATING")
                .contains("SANDBOX_NETWORK_READY")
                .contains("SANDBOX_READY")
                .contains("CONTAINER_CREATED")
                .contains("CONTAINER_STARTED")
                .contains("\"firstContainerRunningMillis\"")
                .contains("\"networkMillis\"")
                .contains(burner);

        Await.until(
                Duration.ofSeconds(10),
                "the burner's log",
                () -> jcri.get("/api/v1/containers/" + burner + "/logs?tail=1")
                        .body()
                        .contains("hello from burner"));
        JcriFixture.HttpResult tail = jcri.get("/api/v1/containers/" + burner + "/logs?tail=1");
        assertThat(tail.body()).doesNotContain("first line").contains("\"stream\":\"stdout\"");

        assertThat(jcri.get("/api/v1/containers?pod=" + pod + "&state=RUNNING").body())
                .contains(burner)
                .contains(filler);
        assertThat(jcri.get("/api/v1/containers/" + filler).body()).contains("CONTAINER_RUNNING");
        assertThat(jcri.get("/api/v1/images").body()).contains(image).contains("\"filesystems\"");
        assertThat(jcri.get("/api/v1/images/" + image).status()).isEqualTo(200);
        JcriFixture.HttpResult runtime = jcri.get("/api/v1/runtime");
        assertThat(runtime.body())
                .contains("\"ready\":true")
                .contains("RuntimeReady")
                .contains("1.6");

        JcriFixture.HttpResult missing = jcri.get("/api/v1/pods/nosuchpod");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("\"status\":404").contains("nosuchpod");
        assertThat(jcri.get("/api/v1/pods?state=SIDEWAYS").status()).isEqualTo(400);

        JcriFixture.HttpResult openapi = jcri.get("/v3/api-docs");
        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.body()).contains("/api/v1/pods/{id}").contains("/api/v1/events");
    }

    @Test
    void theEventStreamReportsAPodStopping() throws Exception {
        String other = runPod("sse");
        String c = runContainer(other, "sleeper", "sleep 1000");
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(jcri.adminUrl() + "/api/v1/events?subject=container"))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        boolean[] stopping = {false};
        CompletableFuture<Void> sawStop = CompletableFuture.runAsync(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("event:CONTAINER_STOPPED")) {
                        stopping[0] = true;
                    } else if (stopping[0] && line.startsWith("data:")) {
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // the comment line is sent once the subscription is live
        Await.until(Duration.ofSeconds(5), "the stream to open", () -> !lines.isEmpty());
        jcri.runtime()
                .stopPodSandbox(StopPodSandboxRequest.newBuilder()
                        .setPodSandboxId(other)
                        .build());
        sawStop.get(20, TimeUnit.SECONDS);
        response.body().close();
        assertThat(String.join("\n", lines)).contains(c).contains("\"exitCode\":\"137\"");
    }

    @Test
    void prometheusShowsCriHistogramsPodStartsAndStates() {
        JcriFixture.HttpResult metrics = jcri.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("jcri_cri_request_seconds_bucket{code=\"OK\",method=\"RunPodSandbox\"")
                .contains("jcri_cri_request_seconds_count{code=\"OK\",method=\"StartContainer\"}")
                .contains("jcri_pod_start_seconds_count")
                .contains("jcri_image_pull_size_bytes_sum")
                .contains("jcri_image_pull_duration_seconds_count")
                .contains("jcri_containers{state=\"CONTAINER_RUNNING\"}")
                .contains("jcri_sandboxes{state=\"SANDBOX_READY\"}")
                .contains("jcri_containerd_call_seconds_count{method=\"Tasks.Metrics\"")
                .contains("jcri_containerd_call_seconds_count{method=\"Leases.Create\"")
                .containsPattern("jcri_containerd_call_seconds_count\\{method=\"Images\\.(Create|Update|Get|List)\"")
                .doesNotContainPattern("jcri_containerd_call_seconds_count\\{method=\"(lease|image|snapshot|content)")
                .containsPattern("executor_completed_tasks_total\\{[^}]*name=\"cri.long\"[^}]*} [1-9]")
                .containsPattern("executor_completed_tasks_total\\{[^}]*name=\"cri.short\"[^}]*} [1-9]");
    }

    @Test
    void theDashboardListsTheRunningPodAndUpdatesWhenItStops() throws Exception {
        String shown = runPod("shown");
        runContainer(shown, "web", "sleep 1000");
        try (HeadlessChromium page = HeadlessChromium.open(jcri.adminUrl() + "/")) {
            String text = page.awaitText(
                    Duration.ofSeconds(20), "the running pod", t -> t.contains("observe/shown") && t.contains("live"));
            assertThat(text)
                    .contains(shown.substring(0, 13))
                    .contains("web RUNNING")
                    .contains("10.88.70.")
                    .contains(image);
            jcri.runtime()
                    .stopPodSandbox(StopPodSandboxRequest.newBuilder()
                            .setPodSandboxId(shown)
                            .build());
            String after =
                    page.awaitText(Duration.ofSeconds(20), "the pod stopped", t -> t.contains("web EXITED exit 137"));
            assertThat(after).contains("NOTREADY");
        }
    }
}
