package io.jcri.domain.sandbox;

import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.NamespaceOptions;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.container.SandboxSecurity;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.json.Json;
import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.network.PodIps;
import io.jcri.domain.network.PortMapping;
import io.jcri.domain.security.AppArmorProfile;
import io.jcri.domain.security.SeccompProfile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What of a sandbox never changes after creation, as the JSON document jcri keeps on its
 * containerd record (the truth on recovery), and back. The state is not in it: it is derived from
 * the pause task.
 */
public final class SandboxRecord {
    /** The label that marks jcri's containerd records, with values {@link #SANDBOX} or "container". */
    public static final String KIND_LABEL = "io.jcri.kind";

    public static final String SANDBOX = "sandbox";
    /** The containerd extension holding {@link #encode}'s document. */
    public static final String EXTENSION = "io.jcri.sandbox";

    private SandboxRecord() {}

    public static String encode(Sandbox s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("id", s.id());
        m.put("config", config(s.config()));
        m.put("runtimeHandler", s.runtimeHandler());
        m.put("image", s.image());
        m.put("createdAt", s.createdAt().toString());
        m.put("netns", s.netns());
        m.put("ips", s.podIps().map(PodIps::all).orElse(List.of()));
        m.put("network", s.network());
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("hostname", s.paths().hostname().toString());
        paths.put("hosts", s.paths().hosts().toString());
        paths.put("resolvConf", s.paths().resolvConf().toString());
        paths.put("shm", s.paths().shm().map(Path::toString).orElse(null));
        m.put("paths", paths);
        List<Object> ports = new ArrayList<>();
        for (PortMapping p : s.portMappings()) {
            ports.add(Map.of(
                    "protocol", p.protocol().name(),
                    "containerPort", p.containerPort(),
                    "hostPort", p.hostPort(),
                    "hostIp", p.hostIp()));
        }
        m.put("portMappings", ports);
        m.put(
                "dns",
                Map.of(
                        "servers",
                        s.dns().servers(),
                        "searches",
                        s.dns().searches(),
                        "options",
                        s.dns().options()));
        return Json.write(m);
    }

    private static Map<String, Object> config(SandboxConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("uid", c.uid());
        m.put("namespace", c.namespace());
        m.put("attempt", c.attempt());
        m.put("hostname", c.hostname());
        m.put("logDirectory", c.logDirectory());
        m.put("labels", c.labels());
        m.put("annotations", c.annotations());
        m.put("cgroupParent", c.cgroupParent());
        m.put("sysctls", c.sysctls());
        SandboxSecurity sec = c.security();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("privileged", sec.privileged());
        s.put("network", sec.namespaces().network().name());
        s.put("pid", sec.namespaces().pid().name());
        s.put("ipc", sec.namespaces().ipc().name());
        s.put("targetId", sec.namespaces().targetId());
        s.put("runAsUser", sec.runAsUser());
        s.put("runAsGroup", sec.runAsGroup());
        s.put("readonlyRootfs", sec.readonlyRootfs());
        s.put("supplementalGroups", sec.supplementalGroups());
        Map<String, Object> seccomp = new LinkedHashMap<>();
        if (sec.seccomp() instanceof SeccompProfile.Localhost l) {
            seccomp.put("type", "localhost");
            seccomp.put("path", l.path());
            seccomp.put("json", l.json());
        } else {
            seccomp.put(
                    "type", sec.seccomp() instanceof SeccompProfile.RuntimeDefault ? "runtime/default" : "unconfined");
        }
        s.put("seccomp", seccomp);
        Map<String, Object> apparmor = new LinkedHashMap<>();
        if (sec.apparmor() instanceof AppArmorProfile.Localhost l) {
            apparmor.put("type", "localhost");
            apparmor.put("name", l.name());
        } else {
            apparmor.put(
                    "type",
                    sec.apparmor() instanceof AppArmorProfile.RuntimeDefault ? "runtime/default" : "unconfined");
        }
        s.put("apparmor", apparmor);
        m.put("security", s);
        return m;
    }

    /**
     * The sandbox a record describes, in state {@link SandboxState#UNKNOWN} until its task is
     * asked.
     *
     * @throws JcriException.Internal when the document is not one jcri wrote
     */
    public static Sandbox decode(String json) {
        try {
            Map<String, Object> m = map(Json.parse(json));
            Map<String, Object> paths = map(m.get("paths"));
            List<String> ips = strings(m.get("ips"));
            List<PortMapping> ports = new ArrayList<>();
            for (Object o : list(m.get("portMappings"))) {
                Map<String, Object> p = map(o);
                ports.add(new PortMapping(
                        PortMapping.Protocol.valueOf(str(p.get("protocol"))),
                        num(p.get("containerPort")).intValue(),
                        num(p.get("hostPort")).intValue(),
                        str(p.get("hostIp"))));
            }
            Map<String, Object> dns = map(m.get("dns"));
            Object shm = paths.get("shm");
            return new Sandbox(
                    str(m.get("id")),
                    decodeConfig(map(m.get("config"))),
                    str(m.get("runtimeHandler")),
                    str(m.get("image")),
                    Instant.parse(str(m.get("createdAt"))),
                    SandboxState.UNKNOWN,
                    0,
                    m.get("netns") == null ? null : str(m.get("netns")),
                    ips.isEmpty() ? null : new PodIps(ips),
                    str(m.get("network")),
                    new SandboxPaths(
                            Path.of(str(paths.get("hostname"))),
                            Path.of(str(paths.get("hosts"))),
                            Path.of(str(paths.get("resolvConf"))),
                            shm == null ? Optional.empty() : Optional.of(Path.of(str(shm)))),
                    ports,
                    new DnsConfig(
                            strings(dns.get("servers")), strings(dns.get("searches")), strings(dns.get("options"))));
        } catch (RuntimeException e) {
            throw new JcriException.Internal("sandbox record is not readable: " + e.getMessage(), e);
        }
    }

    private static SandboxConfig decodeConfig(Map<String, Object> c) {
        Map<String, Object> s = map(c.get("security"));
        NamespaceOptions ns = new NamespaceOptions(
                NamespaceMode.valueOf(str(s.get("network"))),
                NamespaceMode.valueOf(str(s.get("pid"))),
                NamespaceMode.valueOf(str(s.get("ipc"))),
                str(s.get("targetId")));
        Map<String, Object> seccomp = map(s.get("seccomp"));
        SeccompProfile seccompProfile = switch (str(seccomp.get("type"))) {
            case "localhost" -> SeccompProfile.localhost(str(seccomp.get("path")), str(seccomp.get("json")));
            case "runtime/default" -> SeccompProfile.runtimeDefault();
            default -> SeccompProfile.unconfined();
        };
        Map<String, Object> apparmor = map(s.get("apparmor"));
        AppArmorProfile apparmorProfile = switch (str(apparmor.get("type"))) {
            case "localhost" -> AppArmorProfile.localhost(str(apparmor.get("name")));
            case "runtime/default" -> AppArmorProfile.runtimeDefault();
            default -> AppArmorProfile.unconfined();
        };
        List<Long> groups = new ArrayList<>();
        for (Object g : list(s.get("supplementalGroups"))) {
            groups.add(num(g).longValue());
        }
        SandboxSecurity security = new SandboxSecurity(
                Boolean.TRUE.equals(s.get("privileged")),
                ns,
                s.get("runAsUser") == null ? null : num(s.get("runAsUser")).longValue(),
                s.get("runAsGroup") == null ? null : num(s.get("runAsGroup")).longValue(),
                Boolean.TRUE.equals(s.get("readonlyRootfs")),
                groups,
                seccompProfile,
                apparmorProfile);
        return SandboxConfig.builder(str(c.get("name")), str(c.get("uid")), str(c.get("namespace")))
                .attempt(num(c.get("attempt")).intValue())
                .hostname(str(c.get("hostname")))
                .logDirectory(str(c.get("logDirectory")))
                .labels(stringMap(c.get("labels")))
                .annotations(stringMap(c.get("annotations")))
                .cgroupParent(str(c.get("cgroupParent")))
                .sysctls(stringMap(c.get("sysctls")))
                .security(security)
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("expected an object");
        }
        return (Map<String, Object>) o;
    }

    private static List<?> list(Object o) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException("expected an array");
        }
        return l;
    }

    private static List<String> strings(Object o) {
        return list(o).stream().map(SandboxRecord::str).toList();
    }

    private static Map<String, String> stringMap(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o != null) {
            map(o).forEach((k, v) -> out.put(k, str(v)));
        }
        return out;
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    private static Number num(Object o) {
        if (o instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("expected a number, got " + o);
    }
}
