package io.jcri.domain.oci;

import io.jcri.domain.container.Device;
import io.jcri.domain.container.DeviceNode;
import io.jcri.domain.container.HugepageLimit;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.error.JcriException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code linux.resources} and {@code linux.devices} of a container. Unprivileged containers
 * get a deny-all device rule (runc adds the standard /dev nodes after it) plus a rule per
 * requested device; privileged ones may use every device. Hugepage limits are left out on nodes
 * without the hugetlb controller; {@code unified} needs cgroup v2.
 */
public final class Resources {
    private Resources() {}

    public static final OciSpec.DeviceRule DENY_ALL = new OciSpec.DeviceRule(false, null, null, null, "rwm");
    public static final OciSpec.DeviceRule ALLOW_ALL = new OciSpec.DeviceRule(true, null, null, null, "rwm");

    public static OciSpec.Resources of(
            String containerName, LinuxResources r, List<OciSpec.DeviceRule> deviceRules, HostFacts host) {
        checkCfs(containerName, r);
        checkShares(containerName, r);
        checkCpuList(containerName, "cpuset_cpus", r.cpusetCpus());
        checkCpuList(containerName, "cpuset_mems", r.cpusetMems());
        OciSpec.Cpu cpu = null;
        if (r.cpuShares() > 0
                || r.cpuQuota() > 0
                || r.cpuPeriod() > 0
                || !r.cpusetCpus().isEmpty()
                || !r.cpusetMems().isEmpty()) {
            cpu = new OciSpec.Cpu(
                    positive(r.cpuShares()),
                    positive(r.cpuQuota()),
                    positive(r.cpuPeriod()),
                    r.cpusetCpus(),
                    r.cpusetMems());
        }
        OciSpec.Memory memory = null;
        if (r.memoryLimitInBytes() > 0 || r.memorySwapLimitInBytes() > 0) {
            memory = new OciSpec.Memory(positive(r.memoryLimitInBytes()), positive(r.memorySwapLimitInBytes()));
        }
        List<OciSpec.HugepageLimit> hugepages = new ArrayList<>();
        if (host.hugetlbAvailable()) {
            for (HugepageLimit h : r.hugepageLimits()) {
                hugepages.add(new OciSpec.HugepageLimit(h.pageSize(), h.limit()));
            }
        }
        Map<String, String> unified = r.unified();
        if (!unified.isEmpty() && !host.cgroupV2()) {
            throw new JcriException.InvalidArgument("container \"" + containerName + "\" sets unified cgroup keys "
                    + unified.keySet() + ", but this node uses cgroup v1");
        }
        return new OciSpec.Resources(deviceRules, memory, cpu, hugepages, unified);
    }

    /** The device node and cgroup rule for one requested device. */
    public static OciSpec.Device device(String containerName, Device d, Map<String, DeviceNode> nodes) {
        DeviceNode node = nodes.get(d.hostPath());
        if (node == null) {
            throw new JcriException.InvalidArgument("container \"" + containerName + "\": device \"" + d.hostPath()
                    + "\" is not a device node on this node");
        }
        if (!d.containerPath().startsWith("/")) {
            throw new JcriException.InvalidArgument("container \"" + containerName + "\": device path \""
                    + d.containerPath() + "\" is not an absolute path");
        }
        checkPermissions(containerName, d);
        return new OciSpec.Device(
                d.containerPath(),
                String.valueOf(node.type()),
                node.major(),
                node.minor(),
                node.fileMode(),
                node.uid(),
                node.gid());
    }

    public static OciSpec.DeviceRule allow(OciSpec.Device device, String permissions) {
        return new OciSpec.DeviceRule(true, device.type(), device.major(), device.minor(), permissions);
    }

    private static void checkPermissions(String containerName, Device d) {
        String p = d.permissions();
        boolean ok = !p.isEmpty()
                && p.chars().allMatch(c -> c == 'r' || c == 'w' || c == 'm')
                && p.chars().distinct().count() == p.length();
        if (!ok) {
            throw new JcriException.InvalidArgument("container \"" + containerName + "\": device \"" + d.hostPath()
                    + "\" has permissions \"" + p + "\"; use a combination of r, w and m");
        }
    }

    /** The CFS period the kernel accepts, in microseconds (1 ms to 1 s). */
    static final long CFS_PERIOD_MIN = 1_000;

    static final long CFS_PERIOD_MAX = 1_000_000;
    /** The CFS quota the kernel accepts, in microseconds: at least 1 ms, at most 2^44 - 1 us (203 days). */
    static final long CFS_QUOTA_MIN = 1_000;

    static final long CFS_QUOTA_MAX = (1L << 44) - 1;

    /**
     * The kernel refuses (EINVAL) a CFS period or quota outside its range when runc writes it, at
     * StartContainer or UpdateContainerResources; it is the request that is wrong, so say so first.
     */
    private static void checkCfs(String containerName, LinuxResources r) {
        if (r.cpuPeriod() > 0 && (r.cpuPeriod() < CFS_PERIOD_MIN || r.cpuPeriod() > CFS_PERIOD_MAX)) {
            throw new JcriException.InvalidArgument("container \"" + containerName + "\": cpu_period " + r.cpuPeriod()
                    + " is outside the kernel's CFS period range " + CFS_PERIOD_MIN + ".." + CFS_PERIOD_MAX
                    + " microseconds");
        }
        if (r.cpuQuota() > 0 && (r.cpuQuota() < CFS_QUOTA_MIN || r.cpuQuota() > CFS_QUOTA_MAX)) {
            throw new JcriException.InvalidArgument("container \"" + containerName + "\": cpu_quota " + r.cpuQuota()
                    + " is outside the kernel's CFS quota range " + CFS_QUOTA_MIN + ".." + CFS_QUOTA_MAX
                    + " microseconds");
        }
    }

    /** The most CPU shares runc writes (cgroup v1's cpu.shares maximum; v2's weight is mapped from it). */
    static final long CPU_SHARES_MAX = 262_144;

    /** runc refuses more shares than {@link #CPU_SHARES_MAX} at StartContainer or UpdateContainerResources. */
    private static void checkShares(String containerName, LinuxResources r) {
        if (r.cpuShares() > CPU_SHARES_MAX) {
            throw new JcriException.InvalidArgument("container \"" + containerName + "\": cpu_shares " + r.cpuShares()
                    + " is above the maximum " + CPU_SHARES_MAX);
        }
    }

    /** The kernel's list format of cpuset.cpus and cpuset.mems: {@code 0-3,8,10-15:2/4}. */
    private static final Pattern CPU_LIST = Pattern.compile("\\d{1,5}(-\\d{1,5}(:\\d{1,5}/\\d{1,5})?)?");

    private static void checkCpuList(String containerName, String field, String list) {
        if (list.isEmpty()) {
            return;
        }
        for (String part : list.split(",", -1)) {
            if (!CPU_LIST.matcher(part).matches()) {
                throw new JcriException.InvalidArgument("container \"" + containerName + "\": " + field + " \"" + list
                        + "\" is not a list of numbers and ranges such as \"0-3,8\"");
            }
        }
    }

    private static Long positive(long v) {
        return v > 0 ? v : null;
    }
}
