package io.jcri.it.bench;

import io.grpc.StatusRuntimeException;
import io.jcri.cri.v1.DNSConfig;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.PodSandbox;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PodSandboxState;
import io.jcri.cri.v1.PodSandboxStatus;
import io.jcri.cri.v1.PodSandboxStatusRequest;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.it.fixtures.JcriProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One crash round: {@code pods} RunPodSandbox calls at once, as the kubelet makes them (name,
 * namespace, uid, attempt 0, labels, hostname, DNS, a log directory), jcri SIGKILLed {@code
 * killAfterMs} after they went out, jcri started again; then each pod is checked as the kubelet
 * would: one that had answered with its id must be READY with an IP; one that had not is adopted
 * if a READY sandbox with its uid is listed, else started again with the same metadata and
 * attempt, which must succeed and give a READY pod with an IP. Any other outcome is a lost pod.
 * Finally every listed pod is stopped and removed through CRI.
 */
final class CrashRound {
    /** What one round found. */
    record Result(
            int started, int answered, int adopted, int retried, int lost, int removeErrors, double restartSeconds) {}

    private CrashRound() {}

    static Result run(CrashNode node, int round, int pods, long killAfterMs) throws Exception {
        List<PodSandboxConfig> configs = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            configs.add(config(node, "crash-" + round + "-" + i));
        }
        JcriProcess jcri = node.jcri();
        ExecutorService pool = Executors.newFixedThreadPool(pods);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (PodSandboxConfig c : configs) {
            calls.add(pool.submit(() -> {
                go.await();
                return runPod(jcri, c);
            }));
        }
        go.countDown();
        Thread.sleep(killAfterMs);
        jcri.kill();
        List<String> ids = new ArrayList<>();
        for (Future<String> call : calls) {
            try {
                ids.add(call.get(60, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                ids.add(null); // cut short by the kill
            }
        }
        pool.shutdownNow();
        long t0 = System.nanoTime();
        jcri.startAgain();
        double restart = (System.nanoTime() - t0) / 1e9;

        List<PodSandbox> listed = list(jcri);
        int answered = 0;
        int adopted = 0;
        int retried = 0;
        int lost = 0;
        for (int i = 0; i < pods; i++) {
            PodSandboxConfig c = configs.get(i);
            String id = ids.get(i);
            if (id != null) {
                answered++;
            } else {
                Optional<PodSandbox> same = listed.stream()
                        .filter(p -> p.getState() == PodSandboxState.SANDBOX_READY)
                        .filter(p ->
                                p.getMetadata().getUid().equals(c.getMetadata().getUid()))
                        .findFirst();
                if (same.isPresent()) {
                    adopted++;
                    id = same.get().getId();
                } else {
                    retried++;
                    try {
                        id = runPod(jcri, c);
                    } catch (StatusRuntimeException e) {
                        System.out.printf(
                                "  lost %s: the retry failed: %s%n",
                                c.getMetadata().getName(), e.getStatus());
                        lost++;
                        continue;
                    }
                }
            }
            String problem = notReady(jcri, id);
            if (problem != null) {
                System.out.printf(
                        "  lost %s (%s, %s): %s%n",
                        c.getMetadata().getName(),
                        id,
                        ids.get(i) != null ? "had answered" : "adopted or retried",
                        problem);
                lost++;
            }
        }
        int removeErrors = removeAll(jcri);
        return new Result(pods, answered, adopted, retried, lost, removeErrors, restart);
    }

    static PodSandboxConfig config(CrashNode node, String name) {
        String uid = UUID.randomUUID().toString();
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(name)
                        .setNamespace("crash")
                        .setUid(uid)
                        .setAttempt(0))
                .setHostname(name)
                .setLogDirectory(
                        node.dir.resolve("logs/crash_" + name + "_" + uid).toString())
                .setDnsConfig(DNSConfig.newBuilder().addServers("10.96.0.10").addSearches("crash.svc.cluster.local"))
                .putLabels("io.kubernetes.pod.name", name)
                .putLabels("io.kubernetes.pod.namespace", "crash")
                .putLabels("io.kubernetes.pod.uid", uid)
                .putAnnotations("kubernetes.io/config.source", "api")
                .build();
    }

    static String runPod(JcriProcess jcri, PodSandboxConfig c) {
        return jcri.runtime()
                .withDeadlineAfter(120, TimeUnit.SECONDS)
                .runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(c).build())
                .getPodSandboxId();
    }

    /** Why pod {@code id} is not READY with an IP, or null when it is. */
    private static String notReady(JcriProcess jcri, String id) {
        try {
            PodSandboxStatus s = jcri.runtime()
                    .podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                            .setPodSandboxId(id)
                            .build())
                    .getStatus();
            if (s.getState() != PodSandboxState.SANDBOX_READY) {
                return "state " + s.getState();
            }
            if (s.getNetwork().getIp().isEmpty()) {
                return "READY without an IP";
            }
            return null;
        } catch (StatusRuntimeException e) {
            return "PodSandboxStatus: " + e.getStatus();
        }
    }

    private static List<PodSandbox> list(JcriProcess jcri) {
        return jcri.runtime()
                .listPodSandbox(ListPodSandboxRequest.getDefaultInstance())
                .getItemsList();
    }

    /** Stops and removes every listed pod, as the kubelet does; the calls that failed. */
    static int removeAll(JcriProcess jcri) {
        int errors = 0;
        for (PodSandbox p : list(jcri)) {
            try {
                jcri.runtime()
                        .stopPodSandbox(StopPodSandboxRequest.newBuilder()
                                .setPodSandboxId(p.getId())
                                .build());
                jcri.runtime()
                        .removePodSandbox(RemovePodSandboxRequest.newBuilder()
                                .setPodSandboxId(p.getId())
                                .build());
            } catch (StatusRuntimeException e) {
                System.out.printf("  removing %s failed: %s%n", p.getId(), e.getStatus());
                errors++;
            }
        }
        return errors;
    }
}
