package io.jcri.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.PodSandbox;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.it.fixtures.Commands;
import io.jcri.it.fixtures.JcriProcess;
import io.jcri.it.fixtures.TestDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * jcri SIGKILLed while ten RunPodSandbox calls are under way (about 1 s in), then started again:
 * every pod is removed through CRI, and then no {@code containerd-shim-runc-v2} of jcri's
 * containerd is left running (a killed Tasks.Create leaves one the engine forgets; recovery ends
 * it from the creation journal), no network namespace and no creation note.
 */
class KilledPodStartsIT {
    private static final String BRIDGE = "jcri-kp0";
    private static final int PODS = 10;
    /**
     * When jcri is killed, one round each: {@code task} as soon as the first Tasks.Create note is in
     * the journal (the call the kill must cut for a shim to be orphaned), else that many ms after
     * the calls went out.
     */
    private static final List<String> KILLS = Stream.of(System.getProperty("jcri.it.kills", "task,task,task,300,1000")
                    .split(","))
            .map(String::trim)
            .toList();

    @Test
    void noShimOrNetnsOutlivesPodStartsCutShortBySigkill() throws Exception {
        withJcri("killed-starts", (jcri, dir, engineSocket) -> {
            // the pause image is in place first, so the calls the kill cuts are past the pull
            removePod(jcri, runPod(jcri, "warm-up", dir));
            for (int i = 0; i < KILLS.size(); i++) {
                round(jcri, i, KILLS.get(i), dir, engineSocket);
            }
        });
    }

    /** What a test does with a jcri (managed containerd, a bridge network) in {@code dir}. */
    interface WithJcri {
        void run(JcriProcess jcri, Path dir, Path engineSocket) throws Exception;
    }

    private static void withJcri(String name, WithJcri test) throws Exception {
        Path dir = TestDirs.create(name);
        Path socket = ManagedNodeConfig.socket(dir);
        Path engineSocket = dir.resolve("state/containerd/containerd.sock");
        Path config = ManagedNodeConfig.write(dir, BRIDGE, "10.88.243.0/24");
        JcriProcess jcri = null;
        try {
            jcri = JcriProcess.start(socket, dir.resolve("jcri.log"), "--jcri.config=" + config);
            test.run(jcri, dir, engineSocket);
        } finally {
            if (jcri != null) {
                if (!jcri.alive()) {
                    try {
                        jcri.startAgain();
                    } catch (RuntimeException e) {
                        System.err.println("starting jcri to clean up: " + e);
                    }
                }
                jcri.close();
            }
            // whatever the test found left is not left on the machine
            shims(engineSocket)
                    .values()
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            Commands.run("ip", "link", "del", BRIDGE);
            TestDirs.delete(dir);
        }
    }

    /** One round: the calls, the kill (as {@code kill} says), the restart, every pod removed, nothing left. */
    private static void round(JcriProcess jcri, int round, String kill, Path dir, Path engineSocket) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PODS);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < PODS; i++) {
            String name = "pod-" + round + "-" + i;
            calls.add(pool.submit(() -> runPod(jcri, name, dir)));
        }
        long sent = System.nanoTime();
        if (kill.equals("task")) {
            awaitTaskNote(dir, sent);
        } else {
            Thread.sleep(Long.parseLong(kill));
        }
        long killedAfterMs = (System.nanoTime() - sent) / 1_000_000;
        jcri.kill();
        List<String> answeredIds = new ArrayList<>();
        for (Future<String> call : calls) {
            try {
                answeredIds.add(call.get(60, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                // cut short by the kill
            }
        }
        pool.shutdownNow();
        Map<String, Long> shimsWhileDown = shims(engineSocket);
        int notesWhileDown = notes(dir);

        jcri.startAgain();
        List<PodSandbox> pods = jcri.runtime()
                .listPodSandbox(ListPodSandboxRequest.getDefaultInstance())
                .getItemsList();
        // a pod that had answered with its id is back, ready
        assertThat(pods.stream()
                        .filter(p -> p.getState() == io.jcri.cri.v1.PodSandboxState.SANDBOX_READY)
                        .map(PodSandbox::getId))
                .as("ready pods after the restart")
                .containsAll(answeredIds);
        for (PodSandbox pod : pods) {
            removePod(jcri, pod.getId());
        }
        String log = jcri.log();
        System.out.printf(
                "round %d (%s): killed %d ms in: %d of %d RunPodSandbox answered; while jcri was down %d shim(s) ran and %d"
                        + " creation note(s) were open; after the restart %d pod(s) listed; recovery has ended"
                        + " %d shim(s) so far%n",
                round,
                kill,
                killedAfterMs,
                answeredIds.size(),
                PODS,
                shimsWhileDown.size(),
                notesWhileDown,
                pods.size(),
                count(log, "which served no task"));

        assertThat(jcri.runtime()
                        .listPodSandbox(ListPodSandboxRequest.getDefaultInstance())
                        .getItemsList())
                .isEmpty();
        assertThat(shims(engineSocket))
                .as("containerd-shim-runc-v2 processes of jcri's containerd once every pod is removed")
                .isEmpty();
        assertThat(entries(dir.resolve("state/netns")))
                .as("network namespaces left")
                .isEmpty();
        assertThat(notes(dir)).as("creation notes left").isZero();
    }

    private static String runPod(JcriProcess jcri, String name, Path dir) {
        return jcri.runtime()
                .runPodSandbox(RunPodSandboxRequest.newBuilder()
                        .setConfig(PodSandboxConfig.newBuilder()
                                .setMetadata(PodSandboxMetadata.newBuilder()
                                        .setName(name)
                                        .setNamespace("default")
                                        .setUid("uid-" + name))
                                .setLogDirectory(
                                        dir.resolve("logs").resolve(name).toString()))
                        .build())
                .getPodSandboxId();
    }

    private static void removePod(JcriProcess jcri, String id) {
        jcri.runtime()
                .stopPodSandbox(
                        StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
        jcri.runtime()
                .removePodSandbox(
                        RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
    }

    /** Shim servers whose {@code -address} is this containerd's socket, by task id, with their pid. */
    static Map<String, Long> shims(Path engineSocket) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                List<String> argv;
                try {
                    argv = List.of(
                            new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).split("\0"));
                } catch (IOException e) {
                    continue;
                }
                if (!argv.get(0).endsWith("containerd-shim-runc-v2")) {
                    continue;
                }
                int address = argv.indexOf("-address");
                int id = argv.indexOf("-id");
                if (address > 0 && id > 0 && argv.get(address + 1).equals(engineSocket.toString())) {
                    out.put(argv.get(id + 1), Long.parseLong(p.getFileName().toString()));
                }
            }
        }
        return out;
    }

    /** Waits (up to 30 s) until a Tasks.Create note is in jcri's journal. */
    private static void awaitTaskNote(Path dir, long since) throws Exception {
        while (System.nanoTime() - since < TimeUnit.SECONDS.toNanos(30)) {
            if (entries(dir.resolve("root/creating")).stream().anyMatch(n -> n.endsWith(".task"))) {
                return;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no Tasks.Create note in 30 s");
    }

    private static int notes(Path dir) throws IOException {
        return entries(dir.resolve("root/creating")).size();
    }

    private static List<String> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static long count(String log, String marker) {
        return log.lines().filter(l -> l.contains(marker)).count();
    }
}
