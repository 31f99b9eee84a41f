package io.jcri.it.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Counts what a crash node holds once every pod is gone: pinned network namespaces, host-local IP
 * allocations, containerd container records, tasks and snapshots (beyond those of the pause
 * image, taken after the warm-up), FIFOs, shims of this node's containerd, files jcri keeps per
 * sandbox or per call under way, and mounts under the node's directory.
 */
final class LeakCount {
    private LeakCount() {}

    /** The snapshots (by key, all namespaces) that are there when no pod is: the image's layers. */
    static Set<String> snapshots(CrashNode node) {
        Set<String> keys = new java.util.TreeSet<>();
        for (String ns : node.ctr("default", "namespaces", "ls", "-q")) {
            node.ctr(ns, "snapshots", "ls").stream()
                    .skip(1)
                    .map(l -> ns + "/" + l.split("\\s+")[0])
                    .forEach(keys::add);
        }
        return keys;
    }

    /** What is there beyond {@code baseline}, waiting up to {@code settleMs} for it to be none (shims exit after their task is deleted). */
    static Leaks await(CrashNode node, Set<String> baseline, long settleMs) throws Exception {
        long deadline = System.currentTimeMillis() + settleMs;
        while (true) {
            Leaks l = count(node, baseline);
            if (l.total() == 0 || System.currentTimeMillis() > deadline) {
                return l;
            }
            Thread.sleep(500);
        }
    }

    static Leaks count(CrashNode node, Set<String> baseline) throws IOException {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("netns", entries(node.stateDir().resolve("netns")).size());
        m.put("ips", (int) entries(node.ipamDir().resolve(CrashNode.NETWORK)).stream()
                .filter(n -> n.matches("[0-9a-f.:]+"))
                .count());
        int containers = 0;
        int tasks = 0;
        for (String ns : node.ctr("default", "namespaces", "ls", "-q")) {
            containers += node.ctr(ns, "containers", "ls", "-q").size();
            tasks += node.ctr(ns, "tasks", "ls", "-q").size();
        }
        m.put("containers", containers);
        m.put("tasks", tasks);
        Set<String> now = snapshots(node);
        now.removeAll(baseline);
        m.put("snapshots", now.size());
        List<Path> fifoRoots = new ArrayList<>(List.of(node.rootDir(), node.stateDir()));
        fifoRoots.add(node.engineState);
        m.put("fifos", (int)
                fifoRoots.stream().distinct().mapToLong(LeakCount::fifos).sum());
        m.put("shims", shims(node.engineSocket).size());
        int files = 0;
        for (Path d : List.of(
                node.rootDir().resolve("sandboxes"),
                node.stateDir().resolve("sandboxes"),
                node.rootDir().resolve("cni/results"),
                node.rootDir().resolve("creating"),
                node.rootDir().resolve("containers"),
                node.stateDir().resolve("io/containers"))) {
            files += entries(d).size();
        }
        m.put("files", files);
        m.put("mounts", mounts(node.dir));
        return new Leaks(m);
    }

    /** Shim servers whose {@code -address} is {@code engineSocket}: their pids. */
    static List<Long> shims(Path engineSocket) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                List<String> argv;
                try {
                    argv = List.of(
                            new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).split("\0"));
                } catch (IOException e) {
                    continue; // ended meanwhile
                }
                int address = argv.indexOf("-address");
                if (argv.get(0).endsWith("containerd-shim-runc-v2")
                        && address > 0
                        && address + 1 < argv.size()
                        && argv.get(address + 1).equals(engineSocket.toString())) {
                    out.add(Long.parseLong(p.getFileName().toString()));
                }
            }
        }
        return out;
    }

    private static long fifos(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        // find rather than Files.walk: it does not stop at a directory removed meanwhile
        return io.jcri.it.fixtures.Commands.run("find", root.toString(), "-xdev", "-type", "p")
                .output()
                .lines()
                .filter(l -> l.startsWith("/"))
                .count();
    }

    private static int mounts(Path dir) throws IOException {
        String prefix = dir + "/";
        return (int) Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4])
                .filter(m -> m.startsWith(prefix))
                .count();
    }

    static List<String> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
