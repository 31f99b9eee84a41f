package io.jcri.adapters.cri;

import io.jcri.cri.v1.LinuxPodSandboxStatus;
import io.jcri.cri.v1.LinuxSandboxSecurityContext;
import io.jcri.cri.v1.Namespace;
import io.jcri.cri.v1.NamespaceOption;
import io.jcri.cri.v1.PodIP;
import io.jcri.cri.v1.PodSandbox;
import io.jcri.cri.v1.PodSandboxConfig;
import io.jcri.cri.v1.PodSandboxFilter;
import io.jcri.cri.v1.PodSandboxMetadata;
import io.jcri.cri.v1.PodSandboxNetworkStatus;
import io.jcri.cri.v1.PodSandboxState;
import io.jcri.cri.v1.PodSandboxStatus;
import io.jcri.cri.v1.RunPodSandboxRequest;
import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.NamespaceOptions;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.container.SandboxSecurity;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.network.PortMapping;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.in.SandboxLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** PodSandbox messages between runtime.v1 and the domain. */
final class SandboxProtoMapper {
    private SandboxProtoMapper() {}

    static SandboxLifecycle.RunCommand toCommand(RunPodSandboxRequest request) {
        if (!request.hasConfig() || !request.getConfig().hasMetadata()) {
            throw new JcriException.InvalidArgument("RunPodSandbox: the request has no config metadata");
        }
        PodSandboxConfig c = request.getConfig();
        PodSandboxMetadata md = c.getMetadata();
        String owner = "pod " + md.getNamespace() + "/" + md.getName();
        LinuxSandboxSecurityContext sc = c.getLinux().getSecurityContext();
        SandboxSecurity security = new SandboxSecurity(
                sc.getPrivileged(),
                namespaces(sc.getNamespaceOptions()),
                sc.hasRunAsUser() ? sc.getRunAsUser().getValue() : null,
                sc.hasRunAsGroup() ? sc.getRunAsGroup().getValue() : null,
                sc.getReadonlyRootfs(),
                sc.getSupplementalGroupsList(),
                SecurityProfiles.seccomp(sc.hasSeccomp(), sc.getSeccomp(), sc.getSeccompProfilePath(), owner),
                SecurityProfiles.apparmor(sc.hasApparmor(), sc.getApparmor()));
        SandboxConfig config = SandboxConfig.builder(md.getName(), md.getUid(), md.getNamespace())
                .attempt(md.getAttempt())
                .hostname(c.getHostname())
                .logDirectory(c.getLogDirectory())
                .labels(c.getLabelsMap())
                .annotations(c.getAnnotationsMap())
                .cgroupParent(c.getLinux().getCgroupParent())
                .sysctls(c.getLinux().getSysctlsMap())
                .security(security)
                .build();
        List<PortMapping> ports = new ArrayList<>();
        for (io.jcri.cri.v1.PortMapping p : c.getPortMappingsList()) {
            try {
                ports.add(new PortMapping(
                        PortMapping.Protocol.valueOf(p.getProtocol().name()),
                        p.getContainerPort(),
                        p.getHostPort(),
                        p.getHostIp()));
            } catch (IllegalArgumentException e) {
                throw new JcriException.InvalidArgument(owner + ": port mapping " + p.getContainerPort() + "->"
                        + p.getHostPort() + " is invalid: " + e.getMessage());
            }
        }
        DnsConfig dns = new DnsConfig(
                c.getDnsConfig().getServersList(),
                c.getDnsConfig().getSearchesList(),
                c.getDnsConfig().getOptionsList());
        return new SandboxLifecycle.RunCommand(config, request.getRuntimeHandler(), ports, dns);
    }

    static NamespaceOptions namespaces(NamespaceOption o) {
        return new NamespaceOptions(mode(o.getNetwork()), mode(o.getPid()), mode(o.getIpc()), o.getTargetId());
    }

    private static NamespaceMode mode(io.jcri.cri.v1.NamespaceMode m) {
        return switch (m) {
            case CONTAINER -> NamespaceMode.CONTAINER;
            case NODE -> NamespaceMode.NODE;
            case TARGET -> NamespaceMode.TARGET;
            default -> NamespaceMode.POD;
        };
    }

    private static io.jcri.cri.v1.NamespaceMode mode(NamespaceMode m) {
        return switch (m) {
            case CONTAINER -> io.jcri.cri.v1.NamespaceMode.CONTAINER;
            case NODE -> io.jcri.cri.v1.NamespaceMode.NODE;
            case TARGET -> io.jcri.cri.v1.NamespaceMode.TARGET;
            case POD -> io.jcri.cri.v1.NamespaceMode.POD;
        };
    }

    static PodSandboxMetadata metadata(SandboxConfig c) {
        return PodSandboxMetadata.newBuilder()
                .setName(c.name())
                .setUid(c.uid())
                .setNamespace(c.namespace())
                .setAttempt(c.attempt())
                .build();
    }

    static PodSandboxState state(Sandbox s) {
        return StateProtoMapper.sandbox(s.state().phase());
    }

    static long nanos(java.time.Instant t) {
        return TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
    }

    static PodSandboxStatus status(Sandbox s) {
        PodSandboxNetworkStatus.Builder net = PodSandboxNetworkStatus.newBuilder();
        s.podIps().ifPresent(ips -> {
            net.setIp(ips.primary());
            for (String ip : ips.additional()) {
                net.addAdditionalIps(PodIP.newBuilder().setIp(ip));
            }
        });
        NamespaceOptions ns = s.config().security().namespaces();
        return PodSandboxStatus.newBuilder()
                .setId(s.id())
                .setMetadata(metadata(s.config()))
                .setState(state(s))
                .setCreatedAt(nanos(s.createdAt()))
                .setNetwork(net)
                .setLinux(LinuxPodSandboxStatus.newBuilder()
                        .setNamespaces(Namespace.newBuilder()
                                .setOptions(NamespaceOption.newBuilder()
                                        .setNetwork(mode(ns.network()))
                                        .setPid(mode(ns.pid()))
                                        .setIpc(mode(ns.ipc()))
                                        .setTargetId(ns.targetId()))))
                .putAllLabels(s.config().labels())
                .putAllAnnotations(s.config().annotations())
                .setRuntimeHandler(s.runtimeHandler())
                .build();
    }

    static PodSandbox summary(Sandbox s) {
        return PodSandbox.newBuilder()
                .setId(s.id())
                .setMetadata(metadata(s.config()))
                .setState(state(s))
                .setCreatedAt(nanos(s.createdAt()))
                .putAllLabels(s.config().labels())
                .putAllAnnotations(s.config().annotations())
                .setRuntimeHandler(s.runtimeHandler())
                .build();
    }

    static SandboxLifecycle.Filter filter(boolean set, PodSandboxFilter f) {
        if (!set) {
            return SandboxLifecycle.Filter.ALL;
        }
        return new SandboxLifecycle.Filter(
                f.getId(),
                f.hasState() ? StateProtoMapper.sandboxFilter(f.getState()) : Set.of(),
                f.getLabelSelectorMap());
    }
}
