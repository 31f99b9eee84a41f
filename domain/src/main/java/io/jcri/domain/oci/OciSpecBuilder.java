package io.jcri.domain.oci;

import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.ContainerSecurity;
import io.jcri.domain.container.Device;
import io.jcri.domain.container.EnvVar;
import io.jcri.domain.container.ImageProcessDefaults;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.NamespaceOptions;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.container.SandboxSecurity;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.security.AppArmorProfile;
import io.jcri.domain.security.CapabilitySet;
import io.jcri.domain.security.ResolvedUser;
import io.jcri.domain.security.UserDatabase;
import io.jcri.domain.security.UserResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds the OCI runtime specs of pod sandboxes (pause containers) and containers from what the
 * CRI asked ({@link SandboxConfig}, {@link ContainerConfig}), where they land on the node
 * ({@link SandboxPlacement}, {@link ContainerPlacement}) and what the node is like
 * ({@link HostFacts}). Pure: the caller reads files, stats devices and serialises the result with
 * {@link OciSpec#toJson()}. Bad requests throw {@link JcriException.InvalidArgument} naming the
 * object and the reason.
 */
public final class OciSpecBuilder {
    private final HostFacts host;

    public OciSpecBuilder(HostFacts host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    /** The spec of a pod's sandbox: the pause process that holds the pod's namespaces. */
    public OciSpec sandbox(SandboxConfig config, SandboxPlacement placement) {
        SandboxSecurity sec = config.security();
        NamespaceOptions ns = sec.namespaces();
        boolean hostNetwork = ns.network() == NamespaceMode.NODE;
        boolean hostIpc = ns.ipc() == NamespaceMode.NODE;
        List<String> caps = sec.privileged() ? privilegedCapabilities() : available(CapabilitySet.DEFAULT);

        List<OciSpec.Mount> mounts = new ArrayList<>(defaultMounts(sec.privileged(), hostIpc, placement.shmPath()));
        mounts.addAll(
                Mounts.podFiles(placement.hostnamePath(), placement.hostsPath(), placement.resolvConfPath(), true));
        Sysctls.check(config.sysctls(), hostNetwork, hostIpc);
        return new OciSpec(
                OciSpec.VERSION,
                new OciSpec.Root(placement.rootfsPath(), sec.readonlyRootfs()),
                sandboxProcess(config, placement, caps),
                hostNetwork ? "" : config.hostname(),
                mounts,
                sandboxLinux(config, placement, caps),
                sandboxAnnotations(config, placement.id()));
    }

    private OciSpec.Process sandboxProcess(SandboxConfig config, SandboxPlacement placement, List<String> caps) {
        SandboxSecurity sec = config.security();
        ImageProcessDefaults image = placement.image();
        List<String> args = ProcessArgs.merge(config.name(), List.of(), List.of(), image.entrypoint(), image.cmd());
        List<String> env = EnvMerge.merge(List.of(LinuxDefaults.DEFAULT_PATH), image.env());
        ResolvedUser user = UserResolver.resolve(
                null, sec.runAsUser(), sec.runAsGroup(), image.user(), UserDatabase.EMPTY, sec.supplementalGroups());
        return new OciSpec.Process(
                false,
                new OciSpec.User(user.uid(), user.gid(), user.additionalGids()),
                args,
                env,
                image.workingDir().isEmpty() ? "/" : image.workingDir(),
                capabilities(caps, List.of()),
                !sec.privileged(),
                appArmor(sec.apparmor(), sec.privileged()),
                OomScore.clamp(OomScore.SANDBOX, host.currentOomScoreAdj()));
    }

    private OciSpec.Linux sandboxLinux(SandboxConfig config, SandboxPlacement placement, List<String> caps) {
        SandboxSecurity sec = config.security();
        String owner = "pod sandbox \"" + config.name() + "\"";
        List<OciSpec.DeviceRule> rules = List.of(sec.privileged() ? Resources.ALLOW_ALL : Resources.DENY_ALL);
        OciSpec.Resources resources =
                new OciSpec.Resources(rules, null, new OciSpec.Cpu(2L, null, null, "", ""), List.of(), Map.of());
        return new OciSpec.Linux(
                Namespaces.sandbox(sec.namespaces(), placement.netnsPath(), host.cgroupV2() && !sec.privileged()),
                resources,
                CgroupsPath.of(config.cgroupParent(), placement.id(), host.systemdCgroup()),
                config.sysctls(),
                sec.privileged() ? null : Seccomp.of(owner, sec.seccomp(), caps),
                sec.privileged() ? List.of() : LinuxDefaults.MASKED_PATHS,
                sec.privileged() ? List.of() : LinuxDefaults.READONLY_PATHS,
                List.of(),
                null);
    }

    private static Map<String, String> sandboxAnnotations(SandboxConfig config, String id) {
        Map<String, String> annotations = new LinkedHashMap<>(config.annotations());
        annotations.put(CriAnnotations.CONTAINER_TYPE, CriAnnotations.TYPE_SANDBOX);
        putSandbox(annotations, id, config);
        annotations.put(CriAnnotations.SANDBOX_LOG_DIRECTORY, config.logDirectory());
        return annotations;
    }

    private static void putSandbox(Map<String, String> annotations, String id, SandboxConfig sandbox) {
        annotations.put(CriAnnotations.SANDBOX_ID, id);
        annotations.put(CriAnnotations.SANDBOX_NAME, sandbox.name());
        annotations.put(CriAnnotations.SANDBOX_NAMESPACE, sandbox.namespace());
        annotations.put(CriAnnotations.SANDBOX_UID, sandbox.uid());
    }

    /** The default mounts, with /dev/shm the pod's (or the node's, with host IPC). */
    private static List<OciSpec.Mount> defaultMounts(boolean privileged, boolean hostIpc, String shmPath) {
        List<OciSpec.Mount> mounts = new ArrayList<>();
        for (OciSpec.Mount m : LinuxDefaults.mounts(privileged)) {
            mounts.add(m.destination().equals("/dev/shm") ? Mounts.shm(hostIpc, shmPath, false) : m);
        }
        return mounts;
    }

    /** The spec of a container in a running pod sandbox. */
    public OciSpec container(ContainerConfig config, ContainerPlacement placement, SandboxConfig sandbox) {
        ContainerSecurity sec = config.security();
        if (sec.privileged() && !sandbox.security().privileged()) {
            throw new JcriException.InvalidArgument("container \"" + config.name()
                    + "\" is privileged, but its pod sandbox \"" + sandbox.name() + "\" is not");
        }
        boolean hostIpc = sec.namespaces().ipc() == NamespaceMode.NODE;
        List<String> ambient = available(sec.capabilities().addAmbient().stream()
                .map(CapabilitySet::normalize)
                .toList());
        List<String> caps = containerCapabilities(sec, ambient);

        List<OciSpec.Mount> criMounts = new ArrayList<>();
        for (ContainerMount m : config.mounts()) {
            criMounts.add(Mounts.fromCri(
                    config.name(), m, placement.sharedMountSources(), placement.recursiveReadOnlyMounts()));
        }
        SandboxPlacement sp = placement.sandbox();
        List<OciSpec.Mount> base = new ArrayList<>(defaultMounts(sec.privileged(), hostIpc, sp.shmPath()));
        base.addAll(Mounts.podFiles(sp.hostnamePath(), sp.hostsPath(), sp.resolvConfPath(), sec.readonlyRootfs()));

        Map<String, String> annotations = new LinkedHashMap<>(config.annotations());
        annotations.put(CriAnnotations.CONTAINER_TYPE, CriAnnotations.TYPE_CONTAINER);
        putSandbox(annotations, sp.id(), sandbox);
        annotations.put(CriAnnotations.CONTAINER_NAME, config.name());
        annotations.put(CriAnnotations.IMAGE_NAME, config.image());

        return new OciSpec(
                OciSpec.VERSION,
                new OciSpec.Root(placement.rootfsPath(), sec.readonlyRootfs()),
                containerProcess(config, placement, sandbox, caps, ambient),
                "",
                Mounts.merge(base, criMounts),
                containerLinux(config, placement, sandbox, caps),
                annotations);
    }

    /** The bounding set: the default adjusted by the request (all the node has when privileged), plus ambient. */
    private List<String> containerCapabilities(ContainerSecurity sec, List<String> ambient) {
        List<String> caps;
        if (sec.privileged()) {
            caps = privilegedCapabilities();
        } else {
            caps = available(CapabilitySet.apply(
                    CapabilitySet.DEFAULT,
                    sec.capabilities().add(),
                    sec.capabilities().drop(),
                    host.availableCapabilities()));
        }
        Set<String> withAmbient = new LinkedHashSet<>(caps);
        withAmbient.addAll(ambient);
        return CapabilitySet.ordered(withAmbient);
    }

    private OciSpec.Process containerProcess(
            ContainerConfig config,
            ContainerPlacement placement,
            SandboxConfig sandbox,
            List<String> caps,
            List<String> ambient) {
        ContainerSecurity sec = config.security();
        ImageProcessDefaults image = placement.image();
        List<String> args =
                ProcessArgs.merge(config.name(), config.command(), config.args(), image.entrypoint(), image.cmd());
        String hostname = sandbox.hostname().isEmpty() ? host.nodeHostname() : sandbox.hostname();
        List<String> env = EnvMerge.merge(
                List.of(LinuxDefaults.DEFAULT_PATH),
                List.of("HOSTNAME=" + hostname),
                image.env(),
                envStrings(config.envs()));
        String cwd = !config.workingDir().isEmpty()
                ? config.workingDir()
                : image.workingDir().isEmpty() ? "/" : image.workingDir();
        ResolvedUser user = UserResolver.resolve(
                sec.runAsUsername(),
                sec.runAsUser(),
                sec.runAsGroup(),
                image.user(),
                UserDatabase.parse(placement.passwd(), placement.group()),
                sec.supplementalGroups(),
                sec.strictSupplementalGroups());
        return new OciSpec.Process(
                config.tty(),
                new OciSpec.User(user.uid(), user.gid(), user.additionalGids()),
                args,
                env,
                cwd,
                capabilities(caps, ambient),
                sec.noNewPrivs(),
                appArmor(sec.apparmor(), sec.privileged()),
                OomScore.clamp(config.resources().oomScoreAdj(), host.currentOomScoreAdj()));
    }

    private OciSpec.Linux containerLinux(
            ContainerConfig config, ContainerPlacement placement, SandboxConfig sandbox, List<String> caps) {
        ContainerSecurity sec = config.security();
        List<OciSpec.Device> devices = new ArrayList<>();
        List<OciSpec.DeviceRule> rules = new ArrayList<>();
        rules.add(sec.privileged() ? Resources.ALLOW_ALL : Resources.DENY_ALL);
        for (Device d : config.devices()) {
            OciSpec.Device device = Resources.device(config.name(), d, placement.deviceNodes());
            devices.add(device);
            if (!sec.privileged()) {
                rules.add(Resources.allow(device, d.permissions()));
            }
        }
        String owner = "container \"" + config.name() + "\"";
        return new OciSpec.Linux(
                Namespaces.container(
                        config.name(),
                        sec.namespaces(),
                        placement.pausePid(),
                        placement.targetPid(),
                        host.cgroupV2() && !sec.privileged()),
                Resources.of(config.name(), config.resources(), rules, host),
                CgroupsPath.of(sandbox.cgroupParent(), placement.id(), host.systemdCgroup()),
                Map.of(),
                sec.privileged() ? null : Seccomp.of(owner, sec.seccomp(), caps),
                sec.privileged() ? List.of() : orDefault(sec.maskedPaths(), LinuxDefaults.MASKED_PATHS),
                sec.privileged() ? List.of() : orDefault(sec.readonlyPaths(), LinuxDefaults.READONLY_PATHS),
                devices,
                rootfsPropagation(config.mounts()));
    }

    /** rshared when a mount is bidirectional, rslave when one is host-to-container, else the default. */
    private static @Nullable String rootfsPropagation(List<ContainerMount> mounts) {
        String propagation = null;
        for (ContainerMount m : mounts) {
            if (m.propagation() == MountPropagation.BIDIRECTIONAL) {
                propagation = "rshared";
            } else if (m.propagation() == MountPropagation.HOST_TO_CONTAINER && propagation == null) {
                propagation = "rslave";
            }
        }
        return propagation;
    }

    /** The environment variables of a CRI config as {@code KEY=value} strings. */
    public static List<String> envStrings(List<EnvVar> envs) {
        return envs.stream().map(e -> e.key() + "=" + e.value()).toList();
    }

    private List<String> privilegedCapabilities() {
        return CapabilitySet.ordered(host.availableCapabilities());
    }

    private List<String> available(List<String> caps) {
        return caps.stream().filter(host.availableCapabilities()::contains).toList();
    }

    private static OciSpec.ProcessCapabilities capabilities(List<String> caps, List<String> ambient) {
        return new OciSpec.ProcessCapabilities(caps, caps, ambient, caps, ambient);
    }

    private @Nullable String appArmor(AppArmorProfile profile, boolean privileged) {
        if (!host.appArmorEnabled() || privileged) {
            return null;
        }
        if (profile instanceof AppArmorProfile.Localhost local) {
            return local.name();
        }
        if (profile instanceof AppArmorProfile.RuntimeDefault) {
            return host.defaultAppArmorProfile();
        }
        return null;
    }

    private static List<String> orDefault(@Nullable List<String> given, List<String> defaults) {
        return given == null ? defaults : given;
    }
}
