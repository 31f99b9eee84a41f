package io.jcri.domain.oci;

import io.jcri.domain.security.CapabilitySet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the node is like, as far as the spec depends on it: the cgroup version and driver, whether
 * hugetlb and AppArmor are there, jcri's own {@code oom_score_adj} (a spec may not ask for less:
 * without {@code CAP_SYS_RESOURCE} lowering it fails), the capabilities jcri holds (the most a
 * privileged container can get), and the node's hostname (for host-network pods).
 *
 * @param defaultAppArmorProfile the profile {@code runtime/default} means, or {@code null} if none
 *     is loaded (then containers run unconfined)
 */
public record HostFacts(
        boolean cgroupV2,
        boolean systemdCgroup,
        boolean hugetlbAvailable,
        boolean appArmorEnabled,
        @Nullable String defaultAppArmorProfile,
        int currentOomScoreAdj,
        Set<String> availableCapabilities,
        String nodeHostname) {

    public HostFacts {
        availableCapabilities = Set.copyOf(availableCapabilities);
        nodeHostname = nodeHostname == null ? "" : nodeHostname;
    }

    /** A cgroup v1, cgroupfs node with hugetlb, no AppArmor, every capability and score 0. */
    public static HostFacts typical() {
        return new HostFacts(false, false, true, false, null, 0, Set.copyOf(CapabilitySet.KNOWN), "node");
    }

    public HostFacts withCgroupV2(boolean value) {
        return new HostFacts(
                value,
                systemdCgroup,
                hugetlbAvailable,
                appArmorEnabled,
                defaultAppArmorProfile,
                currentOomScoreAdj,
                availableCapabilities,
                nodeHostname);
    }

    public HostFacts withSystemdCgroup(boolean value) {
        return new HostFacts(
                cgroupV2,
                value,
                hugetlbAvailable,
                appArmorEnabled,
                defaultAppArmorProfile,
                currentOomScoreAdj,
                availableCapabilities,
                nodeHostname);
    }

    public HostFacts withHugetlb(boolean value) {
        return new HostFacts(
                cgroupV2,
                systemdCgroup,
                value,
                appArmorEnabled,
                defaultAppArmorProfile,
                currentOomScoreAdj,
                availableCapabilities,
                nodeHostname);
    }

    public HostFacts withAppArmor(boolean enabled, @Nullable String defaultProfile) {
        return new HostFacts(
                cgroupV2,
                systemdCgroup,
                hugetlbAvailable,
                enabled,
                defaultProfile,
                currentOomScoreAdj,
                availableCapabilities,
                nodeHostname);
    }

    public HostFacts withCurrentOomScoreAdj(int value) {
        return new HostFacts(
                cgroupV2,
                systemdCgroup,
                hugetlbAvailable,
                appArmorEnabled,
                defaultAppArmorProfile,
                value,
                availableCapabilities,
                nodeHostname);
    }

    public HostFacts withAvailableCapabilities(Set<String> value) {
        return new HostFacts(
                cgroupV2,
                systemdCgroup,
                hugetlbAvailable,
                appArmorEnabled,
                defaultAppArmorProfile,
                currentOomScoreAdj,
                value,
                nodeHostname);
    }

    public HostFacts withNodeHostname(String value) {
        return new HostFacts(
                cgroupV2,
                systemdCgroup,
                hugetlbAvailable,
                appArmorEnabled,
                defaultAppArmorProfile,
                currentOomScoreAdj,
                availableCapabilities,
                value);
    }
}
