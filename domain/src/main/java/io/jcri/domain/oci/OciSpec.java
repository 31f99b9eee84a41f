package io.jcri.domain.oci;

import io.jcri.domain.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OCI runtime spec (runtime-spec 1.0.2, the {@code config.json} of a bundle) with the fields
 * jcri sets. {@link #toJson()} writes it with the spec's field names; {@code null} fields and
 * empty optional lists are left out.
 */
public record OciSpec(
        String ociVersion,
        Root root,
        Process process,
        String hostname,
        List<Mount> mounts,
        Linux linux,
        Map<String, String> annotations) {

    public static final String VERSION = "1.0.2-dev";

    public OciSpec {
        Objects.requireNonNull(ociVersion, "ociVersion");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(process, "process");
        hostname = hostname == null ? "" : hostname;
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(linux, "linux");
        annotations = Map.copyOf(annotations);
    }

    /** The mount at a destination, if the spec has one. */
    public @Nullable Mount mount(String destination) {
        return mounts.stream()
                .filter(m -> m.destination().equals(destination))
                .findFirst()
                .orElse(null);
    }

    /** The spec as a JSON document runc accepts. */
    public String toJson() {
        return Json.write(toMap());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ociVersion", ociVersion);
        m.put("process", process.toMap());
        m.put("root", root.toMap());
        if (!hostname.isEmpty()) {
            m.put("hostname", hostname);
        }
        m.put("mounts", mounts.stream().map(Mount::toMap).toList());
        if (!annotations.isEmpty()) {
            m.put("annotations", new java.util.TreeMap<>(annotations));
        }
        m.put("linux", linux.toMap());
        return m;
    }

    /** The container's root filesystem: a path (relative to the bundle or absolute). */
    public record Root(String path, boolean readonly) {
        public Root {
            Objects.requireNonNull(path, "path");
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            if (readonly) {
                m.put("readonly", true);
            }
            return m;
        }
    }

    /** The container's process. {@code oomScoreAdj} and {@code apparmorProfile} may be absent. */
    public record Process(
            boolean terminal,
            User user,
            List<String> args,
            List<String> env,
            String cwd,
            ProcessCapabilities capabilities,
            boolean noNewPrivileges,
            @Nullable String apparmorProfile,
            @Nullable Integer oomScoreAdj) {
        public Process {
            Objects.requireNonNull(user, "user");
            args = List.copyOf(args);
            env = List.copyOf(env);
            Objects.requireNonNull(cwd, "cwd");
            Objects.requireNonNull(capabilities, "capabilities");
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("terminal", terminal);
            m.put("user", user.toMap());
            m.put("args", args);
            m.put("env", env);
            m.put("cwd", cwd);
            m.put("capabilities", capabilities.toMap());
            m.put("noNewPrivileges", noNewPrivileges);
            if (apparmorProfile != null && !apparmorProfile.isEmpty()) {
                m.put("apparmorProfile", apparmorProfile);
            }
            if (oomScoreAdj != null) {
                m.put("oomScoreAdj", oomScoreAdj);
            }
            return m;
        }
    }

    /** The user the process runs as. */
    public record User(long uid, long gid, List<Long> additionalGids) {
        public User {
            additionalGids = List.copyOf(additionalGids);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("uid", uid);
            m.put("gid", gid);
            if (!additionalGids.isEmpty()) {
                m.put("additionalGids", additionalGids);
            }
            return m;
        }
    }

    /** The process's capability sets, by {@code CAP_} name. */
    public record ProcessCapabilities(
            List<String> bounding,
            List<String> effective,
            List<String> inheritable,
            List<String> permitted,
            List<String> ambient) {
        public ProcessCapabilities {
            bounding = List.copyOf(bounding);
            effective = List.copyOf(effective);
            inheritable = List.copyOf(inheritable);
            permitted = List.copyOf(permitted);
            ambient = List.copyOf(ambient);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bounding", bounding);
            m.put("effective", effective);
            m.put("inheritable", inheritable);
            m.put("permitted", permitted);
            m.put("ambient", ambient);
            return m;
        }
    }

    /** One mount: where, what type, from where, with which options. */
    public record Mount(String destination, String type, String source, List<String> options) {
        public Mount {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(source, "source");
            options = List.copyOf(options);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("destination", destination);
            m.put("type", type);
            m.put("source", source);
            m.put("options", options);
            return m;
        }
    }

    /** The Linux section. */
    public record Linux(
            List<Namespace> namespaces,
            Resources resources,
            String cgroupsPath,
            Map<String, String> sysctl,
            @Nullable OciSeccomp seccomp,
            List<String> maskedPaths,
            List<String> readonlyPaths,
            List<Device> devices,
            @Nullable String rootfsPropagation) {
        public Linux {
            namespaces = List.copyOf(namespaces);
            Objects.requireNonNull(resources, "resources");
            Objects.requireNonNull(cgroupsPath, "cgroupsPath");
            sysctl = Map.copyOf(sysctl);
            maskedPaths = List.copyOf(maskedPaths);
            readonlyPaths = List.copyOf(readonlyPaths);
            devices = List.copyOf(devices);
        }

        /** The namespace entry of a type ({@code network}, {@code pid} …), if there is one. */
        public @Nullable Namespace namespace(String type) {
            return namespaces.stream()
                    .filter(n -> n.type().equals(type))
                    .findFirst()
                    .orElse(null);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("namespaces", namespaces.stream().map(Namespace::toMap).toList());
            m.put("resources", resources.toMap());
            if (!cgroupsPath.isEmpty()) {
                m.put("cgroupsPath", cgroupsPath);
            }
            if (!sysctl.isEmpty()) {
                m.put("sysctl", new java.util.TreeMap<>(sysctl));
            }
            if (seccomp != null) {
                m.put("seccomp", seccomp.toJsonValue());
            }
            m.put("maskedPaths", maskedPaths);
            m.put("readonlyPaths", readonlyPaths);
            if (!devices.isEmpty()) {
                m.put("devices", devices.stream().map(Device::toMap).toList());
            }
            if (rootfsPropagation != null) {
                m.put("rootfsPropagation", rootfsPropagation);
            }
            return m;
        }
    }

    /** A namespace: new when {@code path} is {@code null}, else the one at that path. */
    public record Namespace(String type, @Nullable String path) {
        public Namespace {
            Objects.requireNonNull(type, "type");
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            if (path != null) {
                m.put("path", path);
            }
            return m;
        }
    }

    /** The cgroup resources; absent parts are {@code null} or empty. */
    public record Resources(
            List<DeviceRule> devices,
            @Nullable Memory memory,
            @Nullable Cpu cpu,
            List<HugepageLimit> hugepageLimits,
            Map<String, String> unified) {
        public Resources {
            devices = List.copyOf(devices);
            hugepageLimits = List.copyOf(hugepageLimits);
            unified = Map.copyOf(unified);
        }

        /** The OCI {@code LinuxResources} object as JSON (for a running container's update). */
        public String toJson() {
            return Json.write(toMap());
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("devices", devices.stream().map(DeviceRule::toMap).toList());
            if (memory != null) {
                m.put("memory", memory.toMap());
            }
            if (cpu != null) {
                m.put("cpu", cpu.toMap());
            }
            if (!hugepageLimits.isEmpty()) {
                m.put(
                        "hugepageLimits",
                        hugepageLimits.stream().map(HugepageLimit::toMap).toList());
            }
            if (!unified.isEmpty()) {
                m.put("unified", new java.util.TreeMap<>(unified));
            }
            return m;
        }
    }

    /** A device cgroup rule; {@code null} type/major/minor mean "any". */
    public record DeviceRule(
            boolean allow,
            @Nullable String type,
            @Nullable Long major,
            @Nullable Long minor,
            String access) {
        public DeviceRule {
            Objects.requireNonNull(access, "access");
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("allow", allow);
            if (type != null) {
                m.put("type", type);
            }
            if (major != null) {
                m.put("major", major);
            }
            if (minor != null) {
                m.put("minor", minor);
            }
            m.put("access", access);
            return m;
        }
    }

    /** Memory limits in bytes; {@code null} means unlimited. */
    public record Memory(@Nullable Long limit, @Nullable Long swap) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (limit != null) {
                m.put("limit", limit);
            }
            if (swap != null) {
                m.put("swap", swap);
            }
            return m;
        }
    }

    /** CPU weight, bandwidth and placement; {@code null} and empty mean unset. */
    public record Cpu(
            @Nullable Long shares,
            @Nullable Long quota,
            @Nullable Long period,
            String cpus,
            String mems) {
        public Cpu {
            cpus = cpus == null ? "" : cpus;
            mems = mems == null ? "" : mems;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (shares != null) {
                m.put("shares", shares);
            }
            if (quota != null) {
                m.put("quota", quota);
            }
            if (period != null) {
                m.put("period", period);
            }
            if (!cpus.isEmpty()) {
                m.put("cpus", cpus);
            }
            if (!mems.isEmpty()) {
                m.put("mems", mems);
            }
            return m;
        }
    }

    /** A hugetlb limit by page size ({@code 2MB}). */
    public record HugepageLimit(String pageSize, long limit) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pageSize", pageSize);
            m.put("limit", limit);
            return m;
        }
    }

    /** A device node runc creates in the container. */
    public record Device(String path, String type, long major, long minor, int fileMode, long uid, long gid) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            m.put("type", type);
            m.put("major", major);
            m.put("minor", minor);
            m.put("fileMode", fileMode);
            m.put("uid", uid);
            m.put("gid", gid);
            return m;
        }
    }
}
