package io.jcri.ports.application.runtime;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.json.Json;
import io.jcri.domain.network.NetworkStatus;
import io.jcri.domain.runtime.EngineInfo;
import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.runtime.RuntimeCondition;
import io.jcri.domain.runtime.RuntimeStatusReport;
import io.jcri.domain.runtime.RuntimeVersion;
import io.jcri.ports.in.RuntimeStatus;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.PodNetwork;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Answers Version and Status from what containerd and the network say right now: RuntimeReady
 * holds only while containerd answers, NetworkReady only while a valid network config is loaded.
 */
public final class RuntimeStatusService implements RuntimeStatus {

    private final ContainerRuntime runtime;
    private final PodNetwork network;
    private final String jcriVersion;
    private final Map<String, Object> configSummary;
    private final List<String> handlers;
    private final Map<String, HandlerFeatures> features;
    private final boolean systemdCgroup;
    private volatile String podCidr = "";
    private final Map<String, Supplier<Object>> extraInfo;

    public RuntimeStatusService(
            ContainerRuntime runtime, PodNetwork network, String jcriVersion, Map<String, Object> configSummary) {
        this(runtime, network, jcriVersion, configSummary, List.of("runc"), false);
    }

    /**
     * @param handlers the runtime handlers' names, the default first
     * @param systemdCgroup whether the default handler uses the systemd cgroup driver
     */
    public RuntimeStatusService(
            ContainerRuntime runtime,
            PodNetwork network,
            String jcriVersion,
            Map<String, Object> configSummary,
            List<String> handlers,
            boolean systemdCgroup) {
        this(runtime, network, jcriVersion, configSummary, handlers, systemdCgroup, Map.of());
    }

    /** @param features what each handler can do (missing: nothing special) */
    public RuntimeStatusService(
            ContainerRuntime runtime,
            PodNetwork network,
            String jcriVersion,
            Map<String, Object> configSummary,
            List<String> handlers,
            boolean systemdCgroup,
            Map<String, HandlerFeatures> features) {
        this(runtime, network, jcriVersion, configSummary, handlers, systemdCgroup, features, Map.of());
    }

    /**
     * @param features what each handler can do (missing: nothing special)
     * @param verboseInfo further keys of the verbose info, each value (written as JSON) asked at
     *     each verbose Status, in key order
     */
    public RuntimeStatusService(
            ContainerRuntime runtime,
            PodNetwork network,
            String jcriVersion,
            Map<String, Object> configSummary,
            List<String> handlers,
            boolean systemdCgroup,
            Map<String, HandlerFeatures> features,
            Map<String, Supplier<Object>> verboseInfo) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.network = Objects.requireNonNull(network, "network");
        this.jcriVersion = Objects.requireNonNull(jcriVersion, "jcriVersion");
        this.configSummary = new LinkedHashMap<>(configSummary);
        this.handlers = List.copyOf(handlers);
        this.systemdCgroup = systemdCgroup;
        this.features = Map.copyOf(features);
        this.extraInfo = new TreeMap<>(verboseInfo);
    }

    @Override
    public boolean systemdCgroupDriver() {
        return systemdCgroup;
    }

    @Override
    public void updatePodCidr(String cidr) {
        this.podCidr = cidr == null ? "" : cidr;
    }

    @Override
    public RuntimeVersion version(VersionQuery query) {
        return RuntimeVersion.of(jcriVersion);
    }

    @Override
    public RuntimeStatusReport status(StatusQuery query) {
        List<RuntimeCondition> conditions = new ArrayList<>(2);
        EngineInfo engine = null;
        String engineError = null;
        try {
            engine = runtime.engineInfo();
            conditions.add(RuntimeCondition.met(RuntimeCondition.RUNTIME_READY));
        } catch (JcriException e) {
            engineError = e.getMessage();
            conditions.add(RuntimeCondition.unmet(
                    RuntimeCondition.RUNTIME_READY, RuntimeCondition.CONTAINERD_NOT_READY, e.getMessage()));
        }
        NetworkStatus net = network.networkStatus();
        if (net instanceof NetworkStatus.NotReady notReady) {
            conditions.add(RuntimeCondition.unmet(
                    RuntimeCondition.NETWORK_READY,
                    RuntimeCondition.NETWORK_PLUGIN_NOT_READY,
                    "Network plugin returns error: " + notReady.message()));
        } else {
            conditions.add(RuntimeCondition.met(RuntimeCondition.NETWORK_READY));
        }
        Map<String, String> info = Map.of();
        if (query.verbose()) {
            info = verboseInfo(engine, engineError, net);
        }
        return new RuntimeStatusReport(conditions, info, handlers, features);
    }

    private Map<String, String> verboseInfo(EngineInfo engine, String engineError, NetworkStatus net) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("config", Json.write(configSummary));
        Map<String, Object> containerd = new LinkedHashMap<>();
        if (engine != null) {
            containerd.put("version", engine.version());
            containerd.put("revision", engine.revision());
        } else {
            containerd.put("error", engineError);
        }
        info.put("containerd", Json.write(containerd));
        Map<String, Object> cni = new LinkedHashMap<>();
        if (net instanceof NetworkStatus.Ready ready) {
            cni.put("network", ready.config().name());
            cni.put("cniVersion", ready.config().cniVersion());
            cni.put("file", ready.config().source().toString());
            cni.put("plugins", ready.config().pluginTypes());
        } else {
            cni.put("error", ((NetworkStatus.NotReady) net).message());
        }
        info.put("cni", Json.write(cni));
        Map<String, Object> jcri = new LinkedHashMap<>();
        jcri.put("version", jcriVersion);
        jcri.put("runtimeApiVersion", RuntimeVersion.CRI_API_VERSION);
        jcri.put("runtimeHandlers", handlers);
        jcri.put("podCidr", podCidr);
        info.put("jcri", Json.write(jcri));
        extraInfo.forEach((key, value) -> info.put(key, Json.write(value.get())));
        return info;
    }
}
