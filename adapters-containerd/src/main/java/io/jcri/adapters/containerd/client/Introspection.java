package io.jcri.adapters.containerd.client;

import com.google.protobuf.Empty;
import io.jcri.containerd.api.services.introspection.v1.IntrospectionGrpc;
import io.jcri.containerd.api.services.introspection.v1.Plugin;
import io.jcri.containerd.api.services.introspection.v1.PluginsRequest;
import io.jcri.containerd.api.services.version.v1.VersionGrpc;
import io.jcri.containerd.api.services.version.v1.VersionResponse;
import io.jcri.domain.runtime.EngineInfo;
import java.util.List;
import java.util.Optional;

/**
 * containerd's Introspection service (its plugins), and the one-call Version service beside it.
 * The questions health checks ask have the probe deadline; a snapshotter's root the metadata one.
 */
public final class Introspection {
    private final Calls calls;

    public Introspection(ContainerdClient client) {
        this.calls = new Calls(client);
    }

    /** containerd's version, asked now. */
    public EngineInfo version() {
        VersionResponse v = calls.unary(
                VersionGrpc.getVersionMethod(),
                Empty.getDefaultInstance(),
                calls.deadlines().probe(),
                "");
        return new EngineInfo(v.getVersion(), v.getRevision());
    }

    /** Whether containerd's own CRI plugin is loaded without an init error. */
    public boolean hasOwnCriPlugin() {
        return plugins("type==io.containerd.grpc.v1,id==cri", calls.deadlines().probe()).stream()
                .anyMatch(p -> !p.hasInitErr());
    }

    /** The root directory the snapshotter plugin {@code snapshotter} exports; empty when none does. */
    public Optional<String> snapshotterRoot(String snapshotter) {
        return plugins(
                        "type==io.containerd.snapshotter.v1,id==" + snapshotter,
                        calls.deadlines().metadata())
                .stream()
                .map(p -> p.getExportsMap().get("root"))
                .filter(r -> r != null)
                .findFirst();
    }

    private List<Plugin> plugins(String filter, java.time.Duration deadline) {
        return calls.unary(
                        IntrospectionGrpc.getPluginsMethod(),
                        PluginsRequest.newBuilder().addFilters(filter).build(),
                        deadline,
                        filter)
                .getPluginsList();
    }
}
