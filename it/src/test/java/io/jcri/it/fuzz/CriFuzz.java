package io.jcri.it.fuzz;

import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.ListContainersRequest;
import io.jcri.cri.v1.ListPodSandboxRequest;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RemovePodSandboxRequest;
import io.jcri.cri.v1.StopPodSandboxRequest;
import io.jcri.cri.v1.VersionRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * CRI fuzz harness: thousands of generated and mutated requests of every RuntimeService and
 * ImageService RPC, sent over the unix socket of a real jcri on a real containerd (see
 * {@link FuzzRun}, {@link Verdicts}); then it removes what valid requests made and counts what
 * is left against what existed before the run. Prints the summary; exits 1 on any violation or
 * leftover. Reproducible from its seed (the requests; which live object a request lands on also
 * depends on the node's timing). Usage: {@code scripts/fuzz.sh [requests (10000)] [seed]}.
 */
public final class CriFuzz {
    private static final int WORKERS = 6;
    private static final int MAX_PODS = 8;

    private CriFuzz() {}

    public static void main(String[] args) throws Exception {
        long requests = args.length > 0 ? Long.parseLong(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.currentTimeMillis();
        int exit;
        try (FuzzNode node = new FuzzNode()) {
            node.start();
            exit = run(node, requests, seed);
        }
        // the gRPC clients' event loops are not daemon threads
        System.exit(exit);
    }

    private static int run(FuzzNode node, long requests, long seed) throws Exception {
        node.jcri
                .images()
                .pullImage(PullImageRequest.newBuilder()
                        .setImage(ImageSpec.newBuilder().setImage(node.busybox))
                        .build());
        FuzzState state = new FuzzState(node.registry.host(), node.busybox);
        Templates templates = new Templates(state, node.logs, node.scratch, FuzzNode.SUBNET);
        // one pod through its whole life first, so the pause image and its snapshots count as baseline
        var warm = node.jcri
                .runtime()
                .runPodSandbox(io.jcri.cri.v1.RunPodSandboxRequest.newBuilder()
                        .setConfig(templates.pod("warm-up"))
                        .build());
        node.jcri
                .runtime()
                .removePodSandbox(RemovePodSandboxRequest.newBuilder()
                        .setPodSandboxId(warm.getPodSandboxId())
                        .build());
        List<String> keep = node.imageIds();
        Map<String, Long> before = node.census();
        System.out.println("seed " + seed + ", " + requests + " requests, " + WORKERS + " workers, node " + node.dir);

        Tally tally = new Tally();
        ExecutorService burstPool = Executors.newCachedThreadPool();
        FuzzRun fuzz = new FuzzRun(
                new RawCalls(node.jcri.channel()), state, templates, node.scratch, tally, burstPool, requests);
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        long t0 = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + w);
            done.add(workers.submit(() -> fuzz.work(random)));
        }
        AtomicBoolean alive = new AtomicBoolean(true);
        while (done.stream().anyMatch(f -> !f.isDone())) {
            keep(node, state, tally, alive);
            if (!alive.get()) {
                break;
            }
            Thread.sleep(1000);
        }
        for (Future<?> f : done) {
            if (alive.get()) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        workers.shutdownNow();
        burstPool.shutdownNow();
        keep(node, state, tally, alive);
        Map<String, Long> leftovers =
                alive.get() ? leftovers(node, keep, before) : Map.of("not counted: jcri died", 1L);
        tally.print(seed, seconds, FuzzRun.METHODS.size(), leftovers);
        boolean clean = leftovers.values().stream().allMatch(v -> v == 0);
        return tally.violations() == 0 && clean && alive.get() ? 0 : 1;
    }

    /**
     * Between requests: jcri still answers (else the run stops: a crash); the live sets are
     * refreshed; pods beyond a few are removed, so the node's memory stays bounded.
     */
    private static void keep(FuzzNode node, FuzzState state, Tally tally, AtomicBoolean alive) {
        try {
            node.jcri.runtime().withDeadlineAfter(10, TimeUnit.SECONDS).version(VersionRequest.getDefaultInstance());
        } catch (RuntimeException e) {
            alive.set(false);
            tally.violation(
                    new Tally.Violation("crash: socket no longer answers", "Version", "{}", null, e.toString()));
            return;
        }
        var cri = node.jcri.runtime();
        List<String> pods =
                new ArrayList<>(cri.listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().stream()
                        .sorted((a, b) -> Long.compare(a.getCreatedAt(), b.getCreatedAt()))
                        .map(p -> p.getId())
                        .toList());
        while (pods.size() > MAX_PODS) {
            String old = pods.remove(0);
            try {
                cri.stopPodSandbox(
                        StopPodSandboxRequest.newBuilder().setPodSandboxId(old).build());
                cri.removePodSandbox(RemovePodSandboxRequest.newBuilder()
                        .setPodSandboxId(old)
                        .build());
            } catch (RuntimeException e) {
                tally.violation(new Tally.Violation("cleanup failed", "RemovePodSandbox", old, null, e.toString()));
            }
        }
        List<String> containers =
                cri.listContainers(ListContainersRequest.getDefaultInstance()).getContainersList().stream()
                        .map(c -> c.getId())
                        .toList();
        state.refresh(pods, containers, node.imageIds().stream().toList());
    }

    /** What exists beyond the baseline once everything the run made is removed through the CRI. */
    private static Map<String, Long> leftovers(FuzzNode node, List<String> keep, Map<String, Long> before)
            throws InterruptedException {
        node.removeWhatTheRunMade(keep);
        Map<String, Long> extra = new LinkedHashMap<>();
        // containerd removes unreferenced snapshots and content in the background: give it a moment
        for (int i = 0; i < 20; i++) {
            Map<String, Long> now = node.census();
            extra.clear();
            now.forEach((k, v) -> extra.put(k, Math.max(0, v - before.getOrDefault(k, 0L))));
            if (extra.values().stream().allMatch(v -> v == 0)) {
                break;
            }
            Thread.sleep(500);
        }
        return extra;
    }
}
