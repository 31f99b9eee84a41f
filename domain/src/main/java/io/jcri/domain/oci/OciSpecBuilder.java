package io.jcri.domain.oci;

import io.jcri.domain.container.ContainerConfig;
import io.jcri.domain.container.ContainerSecurity;
import io.jcri.domain.container.Device;
import io.jcri.domain.container.EnvVar;
import io.jcri.domain.container.ImageConfig;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.container.Mount;
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
        String owner = "pod sandbox \"" + config.name() + "\"";
        ImageConfig image = placement.image();

        List<String> args = ProcessArgs.merge(config.name(), List.of(), List.of(), image.entrypoint(), image.cmd());
        List<String> env = EnvMerge.merge(List.of(LinuxDefaults.DEFAULT_PATH), image.env());
        ResolvedUser user = UserResolver.resolve(
                null,
                sec.runAsUser(),
                sec.runAsGroup(),
                image.user(),
                UserDatabase.parse(placement.passwd(), placement.group()),
                sec.supplementalGroups());
        List<String> caps = sec.privileged() ? privilegedCapabilities() : available(CapabilitySet.DEFAULT);
        OciSpec.Process process = new OciSpec.Process(
                false,
                new OciSpec.User(user.uid(), user.gid(), user.additionalGids()),
                args,
                env,
                image.workingDir().isEmpty() ? "/" : image.workingDir(),
                capabilities(caps, List.of()),
                !sec.privileged(),
                appArmor(sec.apparmor(), sec.privileged()),
                OomScore.clamp(OomScore.SANDBOX, host.currentOomScoreAdj()));

        List<OciSpec.Mount> mounts = new ArrayList<>();
        for (OciSpec.Mount m : LinuxDefaults.mounts(sec.privileged())) {
            mounts.add(m.destination().equals("/dev/shm") ? Mounts.shm(hostIpc, placement.shmPath(), false) : m);
        }
        mounts.addAll(
                Mounts.podFiles(placement.hostnamePath(), placement.hostsPath(), placement.resolvConfPath(), true));

        Sysctls.check(config.sysctls(), hostNetwork, hostIpc);
        List<OciSpec.DeviceRule> rules = List.of(sec.privileged() ? Resources.ALLOW_ALL : Resources.DENY_ALL);
        OciSpec.Resources resources =
                new OciSpec.Resources(rules, null, new OciSpec.Cpu(2L, null, null, "", ""), List.of(), Map.of());
        OciSpec.Linux linux = new OciSpec.Linux(
                Namespaces.sandbox(ns, placement.netnsPath(), host.cgroupV2() && !sec.privileged()),
                resources,
                CgroupsPath.of(config.cgroupParent(), placement.id(), host.systemdCgroup()),
                config.sysctls(),
                sec.privileged() ? null : Seccomp.of(owner, sec.seccomp(), caps),
                sec.privileged() ? List.of() : LinuxDefaults.MASKED_PATHS,
                sec.privileged() ? List.of() : LinuxDefaults.READONLY_PATHS,
                List.of(),
                null);

        Map<String, String> annotations = new LinkedHashMap<>(config.annotations());
        annotations.put(CriAnnotations.CONTAINER_TYPE, CriAnnotations.TYPE_SANDBOX);
        annotations.put(CriAnnotations.SANDBOX_ID, placement.id());
        annotations.put(CriAnnotations.SANDBOX_NAME, config.name());
        annotations.put(CriAnnotations.SANDBOX_NAMESPACE, config.namespace());
        annotations.put(CriAnnotations.SANDBOX_UID, config.uid());
        annotations.put(CriAnnotations.SANDBOX_LOG_DIRECTORY, config.logDirectory());

        return new OciSpec(
                OciSpec.VERSION,
                new OciSpec.Root(placement.rootfsPath(), sec.readonlyRootfs()),
                process,
                hostNetwork ? "" : config.hostname(),
                mounts,
                linux,
                annotations);
    }

    /** The spec of a container in a running pod sandbox. */
    public OciSpec container(ContainerConfig config, ContainerPlacement placement, SandboxConfig sandbox) {
        ContainerSecurity sec = config.security();
        String owner = "container \"" + config.name() + "\"";
        if (sec.privileged() && !sandbox.security().privileged()) {
            throw new JcriException.InvalidArgument(
                    owner + " is privileged, but its pod sandbox \"" + sandbox.name() + "\" is not");
        }
        NamespaceOptions ns = sec.namespaces();
        boolean hostIpc = ns.ipc() == NamespaceMode.NODE;
        ImageConfig image = placement.image();

        List<String> args =
                ProcessArgs.merge(config.name(), config.command(), config.args(), image.entrypoint(), image.cmd());
        String hostname = sandbox.hostname().isEmpty() ? host.nodeHostname() : sandbox.hostname();
        List<String> criEnv =
                config.envs().stream().map(e -> e.key() + "=" + e.value()).toList();
        List<String> env = EnvMerge.merge(
                List.of(LinuxDefaults.DEFAULT_PATH), List.of("HOSTNAME=" + hostname), image.env(), criEnv);
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
        List<String> ambient = available(sec.capabilities().addAmbient().stream()
                .map(CapabilitySet::normalize)
                .toList());
        Set<String> withAmbient = new LinkedHashSet<>(caps);
        withAmbient.addAll(ambient);
        caps = CapabilitySet.ordered(withAmbient);

        OciSpec.Process process = new OciSpec.Process(
                config.tty(),
                new OciSpec.User(user.uid(), user.gid(), user.additionalGids()),
                args,
                env,
                cwd,
                capabilities(caps, ambient),
                sec.noNewPrivs(),
                appArmor(sec.apparmor(), sec.privileged()),
                OomScore.clamp(config.resources().oomScoreAdj(), host.currentOomScoreAdj()));

        List<OciSpec.Mount> criMounts = new ArrayList<>();
        String rootfsPropagation = null;
        for (Mount m : config.mounts()) {
            criMounts.add(Mounts.fromCri(
                    config.name(), m, placement.sharedMountSources(), placement.recursiveReadOnlyMounts()));
            if (m.propagation() == MountPropagation.BIDIRECTIONAL) {
                rootfsPropagation = "rshared";
            } else if (m.propagation() == MountPropagation.HOST_TO_CONTAINER && rootfsPropagation == null) {
                rootfsPropagation = "rslave";
            }
        }
        List<OciSpec.Mount> base = new ArrayList<>();
        for (OciSpec.Mount m : LinuxDefaults.mounts(sec.privileged())) {
            base.add(
                    m.destination().equals("/dev/shm")
                            ? Mounts.shm(hostIpc, placement.sandbox().shmPath(), false)
                            : m);
        }
        SandboxPlacement sp = placement.sandbox();
        base.addAll(Mounts.podFiles(sp.hostnamePath(), sp.hostsPath(), sp.resolvConfPath(), sec.readonlyRootfs()));

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
        LinuxResources requested = config.resources();
        OciSpec.Linux linux = new OciSpec.Linux(
                Namespaces.container(
                        config.name(),
                        ns,
                        placement.pausePid(),
                        placement.targetPid(),
                        host.cgroupV2() && !sec.privileged()),
                Resources.of(config.name(), requested, rules, host),
                CgroupsPath.of(sandbox.cgroupParent(), placement.id(), host.systemdCgroup()),
                Map.of(),
                sec.privileged() ? null : Seccomp.of(owner, sec.seccomp(), caps),
                sec.privileged() ? List.of() : orDefault(sec.maskedPaths(), LinuxDefaults.MASKED_PATHS),
                sec.privileged() ? List.of() : orDefault(sec.readonlyPaths(), LinuxDefaults.READONLY_PATHS),
                devices,
                rootfsPropagation);

        Map<String, String> annotations = new LinkedHashMap<>(config.annotations());
        annotations.put(CriAnnotations.CONTAINER_TYPE, CriAnnotations.TYPE_CONTAINER);
        annotations.put(CriAnnotations.SANDBOX_ID, sp.id());
        annotations.put(CriAnnotations.SANDBOX_NAME, sandbox.name());
        annotations.put(CriAnnotations.SANDBOX_NAMESPACE, sandbox.namespace());
        annotations.put(CriAnnotations.SANDBOX_UID, sandbox.uid());
        annotations.put(CriAnnotations.CONTAINER_NAME, config.name());
        annotations.put(CriAnnotations.IMAGE_NAME, config.image());

        return new OciSpec(
                OciSpec.VERSION,
                new OciSpec.Root(placement.rootfsPath(), sec.readonlyRootfs()),
                process,
                "",
                Mounts.merge(base, criMounts),
                linux,
                annotations);
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
