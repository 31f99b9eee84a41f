package io.jcri.adapters.containerd.node;

import io.jcri.domain.oci.HostFacts;
import io.jcri.domain.security.CapabilitySet;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads what this node allows: cgroup v1 or v2, whether the hugetlb controller exists, whether
 * AppArmor is enabled, jcri's own oom_score_adj (containers cannot go below it without
 * CAP_SYS_RESOURCE) and its bounding capability set.
 */
public final class HostFactsProbe {
    private HostFactsProbe() {}

    public static HostFacts probe(boolean systemdCgroup) {
        boolean v2 = Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"));
        boolean hugetlb =
                v2 ? controllersV2().contains("hugetlb") : Files.isDirectory(Path.of("/sys/fs/cgroup/hugetlb"));
        boolean apparmor =
                readTrimmed(Path.of("/sys/module/apparmor/parameters/enabled")).startsWith("Y");
        int oom = parseInt(readTrimmed(Path.of("/proc/self/oom_score_adj")), 0);
        Set<String> caps = Set.copyOf(CapabilitySet.KNOWN);
        for (String line : lines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapBnd:")) {
                caps = CapabilitySet.fromMask(
                        Long.parseUnsignedLong(line.substring(7).trim(), 16));
            }
        }
        return new HostFacts(
                v2, systemdCgroup, hugetlb, apparmor, apparmor ? "jcri-default" : null, oom, caps, hostname());
    }

    private static Set<String> controllersV2() {
        return Set.of(readTrimmed(Path.of("/sys/fs/cgroup/cgroup.controllers")).split("\\s+"));
    }

    private static String hostname() {
        String h = readTrimmed(Path.of("/etc/hostname"));
        if (!h.isEmpty()) {
            return h;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String readTrimmed(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static java.util.List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            return java.util.List.of();
        }
    }

    private static int parseInt(String s, int fallback) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
