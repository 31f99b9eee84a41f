package io.jcri.adapters.cri;

import io.jcri.cri.v1.ContainerFilter;
import io.jcri.cri.v1.ContainerMetadata;
import io.jcri.cri.v1.ContainerResources;
import io.jcri.cri.v1.ContainerStatus;
import io.jcri.cri.v1.ContainerUser;
import io.jcri.cri.v1.CreateContainerRequest;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.LinuxContainerConfig;
import io.jcri.cri.v1.LinuxContainerResources;
import io.jcri.cri.v1.LinuxContainerSecurityContext;
import io.jcri.cri.v1.LinuxContainerUser;
import io.jcri.cri.v1.NamespaceOption;
import io.jcri.cri.v1.SecurityProfile;
import io.jcri.cri.v1.Signal;
import io.jcri.domain.container.Capabilities;
import io.jcri.domain.container.Container;
import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.ContainerSecurity;
import io.jcri.domain.container.ContainerState;
import io.jcri.domain.container.Device;
import io.jcri.domain.container.EnvVar;
import io.jcri.domain.container.HugepageLimit;
import io.jcri.domain.container.ImageRequest;
import io.jcri.domain.container.ImageVolume;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.NamespaceOptions;
import io.jcri.domain.container.Signals;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.security.AppArmorProfile;
import io.jcri.domain.security.SeccompProfile;
import io.jcri.ports.in.ContainerLifecycle;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** CRI container messages to and from jcri's container records. */
final class ContainerProtoMapper {
    private ContainerProtoMapper() {}

    // ---- to the domain ----

    static ContainerLifecycle.CreateCommand createCommand(CreateContainerRequest request) {
        if (!request.hasConfig()) {
            throw new JcriException.InvalidArgument("CreateContainer: the request has no container config");
        }
        io.jcri.cri.v1.ContainerConfig c = request.getConfig();
        LinuxContainerConfig linux = c.getLinux();
        ContainerConfig config = ContainerConfig.builder(
                        c.getMetadata().getName(), c.getImage().getImage())
                .imageRequest(new ImageRequest(
                        c.getImage().getUserSpecifiedImage(),
                        c.getImage().getAnnotationsMap(),
                        c.getImage().getRuntimeHandler()))
                .attempt(c.getMetadata().getAttempt())
                .command(c.getCommandList())
                .args(c.getArgsList())
                .workingDir(c.getWorkingDir())
                .envs(c.getEnvsList().stream()
                        .map(kv -> new EnvVar(kv.getKey(), kv.getValue().toStringUtf8()))
                        .toList())
                .mounts(c.getMountsList().stream()
                        .map(ContainerProtoMapper::mount)
                        .toList())
                .devices(c.getDevicesList().stream()
                        .map(d -> new Device(d.getContainerPath(), d.getHostPath(), d.getPermissions()))
                        .toList())
                .cdiDevices(c.getCDIDevicesList().stream()
                        .map(io.jcri.cri.v1.CDIDevice::getName)
                        .toList())
                .labels(c.getLabelsMap())
                .annotations(c.getAnnotationsMap())
                .logPath(c.getLogPath())
                .stdin(c.getStdin())
                .stdinOnce(c.getStdinOnce())
                .tty(c.getTty())
                .resources(linux.hasResources() ? resources(linux.getResources()) : LinuxResources.NONE)
                .security(security(
                        linux.getSecurityContext(),
                        "container " + c.getMetadata().getName()))
                .build();
        return new ContainerLifecycle.CreateCommand(request.getPodSandboxId(), config, signalName(c.getStopSignal()));
    }

    static ContainerMount mount(io.jcri.cri.v1.Mount m) {
        MountPropagation p = switch (m.getPropagation()) {
            case PROPAGATION_HOST_TO_CONTAINER -> MountPropagation.HOST_TO_CONTAINER;
            case PROPAGATION_BIDIRECTIONAL -> MountPropagation.BIDIRECTIONAL;
            default -> MountPropagation.PRIVATE;
        };
        ImageVolume image = m.hasImage()
                ? new ImageVolume(
                        m.getImage().getImage(), m.getImage().getUserSpecifiedImage(), "", m.getImageSubPath())
                : null;
        return new ContainerMount(
                m.getContainerPath(),
                m.getHostPath(),
                m.getReadonly(),
                p,
                m.getRecursiveReadOnly(),
                image,
                m.getMountOptionsList());
    }

    static LinuxResources resources(LinuxContainerResources r) {
        return new LinuxResources(
                r.getCpuPeriod(),
                r.getCpuQuota(),
                r.getCpuShares(),
                r.getMemoryLimitInBytes(),
                r.getMemorySwapLimitInBytes(),
                r.getOomScoreAdj(),
                r.getCpusetCpus(),
                r.getCpusetMems(),
                r.getHugepageLimitsList().stream()
                        .map(h -> new HugepageLimit(h.getPageSize(), h.getLimit()))
                        .toList(),
                r.getUnifiedMap());
    }

    static ContainerSecurity security(LinuxContainerSecurityContext s, String owner) {
        if (!s.hasSeccomp()) {
            SecurityProfiles.checkDeprecatedSeccomp(s.getSeccompProfilePath(), owner);
        }
        if (!s.hasApparmor()) {
            SecurityProfiles.checkDeprecatedAppArmor(s.getApparmorProfile(), owner);
        }
        return ContainerSecurity.builder()
                .privileged(s.getPrivileged())
                .namespaces(namespaces(s.getNamespaceOptions()))
                .capabilities(new Capabilities(
                        s.getCapabilities().getAddCapabilitiesList(),
                        s.getCapabilities().getDropCapabilitiesList(),
                        s.getCapabilities().getAddAmbientCapabilitiesList()))
                .runAsUser(s.hasRunAsUser() ? s.getRunAsUser().getValue() : null)
                .runAsGroup(s.hasRunAsGroup() ? s.getRunAsGroup().getValue() : null)
                .runAsUsername(s.getRunAsUsername())
                .readonlyRootfs(s.getReadonlyRootfs())
                .supplementalGroups(s.getSupplementalGroupsList())
                .strictSupplementalGroups(
                        s.getSupplementalGroupsPolicy() == io.jcri.cri.v1.SupplementalGroupsPolicy.Strict)
                .noNewPrivs(s.getNoNewPrivs())
                .maskedPaths(s.getMaskedPathsCount() == 0 ? null : s.getMaskedPathsList())
                .readonlyPaths(s.getReadonlyPathsCount() == 0 ? null : s.getReadonlyPathsList())
                .seccomp(seccomp(s))
                .apparmor(apparmor(s))
                .build();
    }

    static NamespaceOptions namespaces(NamespaceOption n) {
        return new NamespaceOptions(mode(n.getNetwork()), mode(n.getPid()), mode(n.getIpc()), n.getTargetId());
    }

    private static NamespaceMode mode(io.jcri.cri.v1.NamespaceMode m) {
        return switch (m) {
            case CONTAINER -> NamespaceMode.CONTAINER;
            case NODE -> NamespaceMode.NODE;
            case TARGET -> NamespaceMode.TARGET;
            default -> NamespaceMode.POD;
        };
    }

    /** The profile; a Localhost one carries its path and empty JSON (the core reads the file). */
    static SeccompProfile seccomp(LinuxContainerSecurityContext s) {
        if (s.hasSeccomp()) {
            SecurityProfile p = s.getSeccomp();
            return switch (p.getProfileType()) {
                case Unconfined -> SeccompProfile.unconfined();
                case Localhost -> SeccompProfile.localhost(localhostPath(p.getLocalhostRef()), "");
                default -> SeccompProfile.runtimeDefault();
            };
        }
        String path = s.getSeccompProfilePath();
        if (path.equals("runtime/default") || path.equals("docker/default")) {
            return SeccompProfile.runtimeDefault();
        }
        if (path.startsWith("localhost/")) {
            return SeccompProfile.localhost(localhostPath(path), "");
        }
        return SeccompProfile.unconfined();
    }

    private static String localhostPath(String ref) {
        return ref.startsWith("localhost/") ? ref.substring("localhost/".length()) : ref;
    }

    static AppArmorProfile apparmor(LinuxContainerSecurityContext s) {
        if (s.hasApparmor()) {
            SecurityProfile p = s.getApparmor();
            return switch (p.getProfileType()) {
                case Unconfined -> AppArmorProfile.unconfined();
                case Localhost -> AppArmorProfile.localhost(p.getLocalhostRef());
                default -> AppArmorProfile.runtimeDefault();
            };
        }
        String name = s.getApparmorProfile();
        if (name.equals("unconfined")) {
            return AppArmorProfile.unconfined();
        }
        if (name.startsWith("localhost/")) {
            return AppArmorProfile.localhost(name);
        }
        return AppArmorProfile.runtimeDefault();
    }

    /** The prefix cri-api v0.37 puts on every Signal key (the numbers are those of v0.36). */
    private static final String SIGNAL_PREFIX = "SIGNAL_";

    /** The CRI's stop signal as a name jcri's {@link Signals} reads; empty for the default. */
    static String signalName(Signal s) {
        if (s == Signal.SIGNAL_RUNTIME_DEFAULT || s == Signal.UNRECOGNIZED) {
            return "";
        }
        return s.name().substring(SIGNAL_PREFIX.length()).replace("PLUS", "+").replace("MINUS", "-");
    }

    static Signal signal(int number) {
        String name = Signals.name(number).replace("+", "PLUS").replace("-", "MINUS");
        try {
            return Signal.valueOf(SIGNAL_PREFIX + name);
        } catch (IllegalArgumentException e) {
            return Signal.SIGNAL_RUNTIME_DEFAULT;
        }
    }

    static ContainerLifecycle.Filter filter(ContainerFilter f) {
        return new ContainerLifecycle.Filter(
                f.getId(),
                f.hasState() ? StateProtoMapper.containerFilter(f.getState()) : Set.of(),
                f.getPodSandboxId(),
                f.getLabelSelectorMap());
    }

    // ---- to the wire ----

    static io.jcri.cri.v1.ContainerState state(ContainerState s) {
        return StateProtoMapper.container(s.phase());
    }

    static io.jcri.cri.v1.Container container(Container c) {
        var m = c.metadata();
        return io.jcri.cri.v1.Container.newBuilder()
                .setId(c.id())
                .setPodSandboxId(c.sandboxId())
                .setMetadata(metadata(c))
                .setImage(image(c))
                .setImageRef(m.imageRef())
                .setImageId(m.imageId())
                .setState(state(c.state()))
                .setCreatedAt(nanos(m.createdAt()))
                .putAllLabels(m.labels())
                .putAllAnnotations(m.annotations())
                .build();
    }

    static ContainerStatus status(Container c) {
        var m = c.metadata();
        ContainerStatus.Builder b = ContainerStatus.newBuilder()
                .setId(c.id())
                .setMetadata(metadata(c))
                .setState(state(c.state()))
                .setCreatedAt(nanos(m.createdAt()))
                .setImage(image(c))
                .setImageRef(m.imageRef())
                .setImageId(m.imageId())
                .putAllLabels(m.labels())
                .putAllAnnotations(m.annotations())
                .setLogPath(m.logPath())
                .setResources(ContainerResources.newBuilder().setLinux(resources(c.resources())))
                .setStopSignal(signal(m.stopSignal()))
                .setUser(ContainerUser.newBuilder()
                        .setLinux(LinuxContainerUser.newBuilder()
                                .setUid(m.user().uid())
                                .setGid(m.user().gid())
                                .addAllSupplementalGroups(m.user().supplementalGroups())));
        for (ContainerMount mount : m.mounts()) {
            b.addMounts(mount(mount));
        }
        ContainerState s = c.state();
        if (s instanceof ContainerState.Running r) {
            b.setStartedAt(nanos(r.startedAt()));
        } else if (s instanceof ContainerState.Exited e) {
            if (e.startedAt() != null) {
                b.setStartedAt(nanos(e.startedAt()));
            }
            b.setFinishedAt(nanos(e.finishedAt()))
                    .setExitCode(e.exitCode())
                    .setReason(e.reason())
                    .setMessage(e.message());
        } else if (s instanceof ContainerState.Unknown u) {
            b.setMessage(u.message());
        }
        return b.build();
    }

    static io.jcri.cri.v1.Mount mount(ContainerMount m) {
        io.jcri.cri.v1.MountPropagation p = switch (m.propagation()) {
            case HOST_TO_CONTAINER -> io.jcri.cri.v1.MountPropagation.PROPAGATION_HOST_TO_CONTAINER;
            case BIDIRECTIONAL -> io.jcri.cri.v1.MountPropagation.PROPAGATION_BIDIRECTIONAL;
            default -> io.jcri.cri.v1.MountPropagation.PROPAGATION_PRIVATE;
        };
        io.jcri.cri.v1.Mount.Builder b = io.jcri.cri.v1.Mount.newBuilder()
                .setContainerPath(m.containerPath())
                .setHostPath(m.hostPath())
                .setReadonly(m.readonly())
                .setPropagation(p)
                .setRecursiveReadOnly(m.recursiveReadOnly())
                .addAllMountOptions(m.options());
        if (m.isImage()) {
            b.setImage(ImageSpec.newBuilder()
                            .setImage(m.image().image())
                            .setUserSpecifiedImage(m.image().userSpecifiedImage())
                            .setImageRef(m.image().imageRef()))
                    .setImageSubPath(m.image().subPath());
        }
        return b.build();
    }

    static LinuxContainerResources resources(LinuxResources r) {
        LinuxContainerResources.Builder b = LinuxContainerResources.newBuilder()
                .setCpuPeriod(r.cpuPeriod())
                .setCpuQuota(r.cpuQuota())
                .setCpuShares(r.cpuShares())
                .setMemoryLimitInBytes(r.memoryLimitInBytes())
                .setMemorySwapLimitInBytes(r.memorySwapLimitInBytes())
                .setOomScoreAdj(r.oomScoreAdj())
                .setCpusetCpus(r.cpusetCpus())
                .setCpusetMems(r.cpusetMems())
                .putAllUnified(r.unified());
        for (HugepageLimit h : r.hugepageLimits()) {
            b.addHugepageLimits(io.jcri.cri.v1.HugepageLimit.newBuilder()
                    .setPageSize(h.pageSize())
                    .setLimit(h.limit()));
        }
        return b.build();
    }

    private static ContainerMetadata metadata(Container c) {
        return ContainerMetadata.newBuilder()
                .setName(c.metadata().name())
                .setAttempt(c.metadata().attempt())
                .build();
    }

    private static ImageSpec image(Container c) {
        ImageRequest requested = c.metadata().imageRequest();
        return ImageSpec.newBuilder()
                .setImage(c.metadata().imageName())
                .setUserSpecifiedImage(requested.userSpecified())
                .putAllAnnotations(requested.annotations())
                .setRuntimeHandler(requested.runtimeHandler())
                .build();
    }

    static List<io.jcri.cri.v1.Container> containers(List<Container> list) {
        return list.stream().map(ContainerProtoMapper::container).toList();
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
