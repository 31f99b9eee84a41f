package io.jcri.adapters.cni;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.network.DnsConfig;
import io.jcri.domain.network.NetworkConfig;
import io.jcri.domain.network.PodAttachRequest;
import io.jcri.domain.network.PodIps;
import io.jcri.domain.network.PodNetworkAttachment;
import io.jcri.domain.network.PortMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CNI ADD and DEL of a sandbox on a network configuration list, per the CNI spec: ADD runs the
 * plugins in order, each given its own configuration plus the list's {@code name} and {@code
 * cniVersion}, the previous plugin's result as {@code prevResult}, and a {@code runtimeConfig}
 * holding what its {@code capabilities} ask for ({@code portMappings}, {@code dns}); DEL runs
 * them in reverse with the ADD's result. Beside the network's plugins (which never touch it),
 * the {@code loopback} plugin brings up {@code lo} (runc does not) and takes it down again.
 *
 * <p>The record of an attachment is written before the first plugin runs and completed with the
 * result, so whatever an ADD may have done can be undone with exactly its configuration, even
 * after a crash. A failed ADD runs DEL at once and drops the record when that succeeds.
 */
final class CniAttachments {
    private static final Logger log = LoggerFactory.getLogger(CniAttachments.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String IF_NAME = "eth0";
    static final String LOOPBACK = "loopback";
    static final String LOOPBACK_NETWORK = "jcri-loopback";

    private final PluginExec exec;
    private final AttachmentStore store;
    private final Predicate<String> netnsExists;
    private final Object[] locks = new Object[64];
    /**
     * The attachments made since start and not detached since (written under the sandbox's lock):
     * a verbose PodSandboxStatus shows their result without reading the record.
     */
    private final Map<String, PodNetworkAttachment> known = new ConcurrentHashMap<>();

    CniAttachments(PluginExec exec, AttachmentStore store, Predicate<String> netnsExists) {
        this.exec = exec;
        this.store = store;
        this.netnsExists = netnsExists;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    private Object lock(String sandboxId) {
        return locks[Math.floorMod(sandboxId.hashCode(), locks.length)];
    }

    PodNetworkAttachment attach(NetworkConfig network, PodAttachRequest request) {
        String id = request.sandboxId();
        synchronized (lock(id)) {
            if (store.read(id).isPresent()) {
                throw new JcriException.AlreadyExists("sandbox " + id + " is attached to the pod network already");
            }
            ObjectNode record = newRecord(network, request);
            store.write(id, record);
            try {
                JsonNode result = add(record);
                PodIps ips = CniResults.podIps(result);
                if (ips == null) {
                    throw new JcriException.Internal("CNI network \"" + network.name() + "\" gave sandbox " + id
                            + " no IP address (result: " + JSON.writeValueAsString(result) + ")");
                }
                record.set("result", result);
                store.write(id, record);
                log.debug("sandbox {} attached to CNI network \"{}\" with {}", id, network.name(), ips.all());
                PodNetworkAttachment attached =
                        new PodNetworkAttachment(id, network.name(), ips, JSON.writeValueAsString(result));
                known.put(id, attached);
                return attached;
            } catch (RuntimeException e) {
                undo(id, record, e);
                throw e;
            }
        }
    }

    private void undo(String id, ObjectNode record, RuntimeException cause) {
        try {
            del(record);
            store.delete(id);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            log.warn(
                    "undoing the failed attach of sandbox {} did not finish, its record stays for a later detach: {}",
                    id,
                    e.getMessage());
        }
    }

    void detach(String sandboxId) {
        synchronized (lock(sandboxId)) {
            known.remove(sandboxId);
            Optional<ObjectNode> record = store.read(sandboxId);
            if (record.isEmpty()) {
                log.debug("sandbox {} is not attached to a CNI network: nothing to detach", sandboxId);
                return;
            }
            del(record.get());
            store.delete(sandboxId);
            log.debug(
                    "sandbox {} detached from CNI network \"{}\"",
                    sandboxId,
                    text(record.get().get("config"), "name"));
        }
    }

    Optional<PodNetworkAttachment> attachment(String sandboxId) {
        PodNetworkAttachment cached = known.get(sandboxId);
        return cached != null ? Optional.of(cached) : read(sandboxId);
    }

    /**
     * {@link #attachment} when it needs no read of the record: for the attachments this process
     * made (a read fills nothing, as it could race a detach and bring back what that removed).
     */
    Optional<PodNetworkAttachment> attachmentInMemory(String sandboxId) {
        return Optional.ofNullable(known.get(sandboxId));
    }

    private Optional<PodNetworkAttachment> read(String sandboxId) {
        return store.read(sandboxId).flatMap(record -> {
            JsonNode result = record.get("result");
            if (result == null || !result.isObject()) {
                return Optional.empty();
            }
            PodIps ips = CniResults.podIps(result);
            if (ips == null) {
                return Optional.empty();
            }
            return Optional.of(new PodNetworkAttachment(
                    sandboxId, text(record.get("config"), "name"), ips, JSON.writeValueAsString(result)));
        });
    }

    Set<String> ids() {
        return store.ids();
    }

    private ObjectNode newRecord(NetworkConfig network, PodAttachRequest request) {
        ObjectNode config;
        try {
            config = (ObjectNode) JSON.readTree(network.json());
        } catch (JacksonException | ClassCastException e) {
            throw new JcriException.Internal("the configuration of CNI network \"" + network.name() + "\" from "
                    + network.source() + " is not a JSON object");
        }
        ObjectNode record = JSON.createObjectNode();
        record.put("sandboxId", request.sandboxId());
        record.put("netns", request.netns().toAbsolutePath().toString());
        record.put("ifName", IF_NAME);
        record.put("cniArgs", cniArgs(request));
        record.set("runtimeConfig", runtimeConfig(request));
        record.set("config", config);
        record.putNull("result");
        return record;
    }

    /** The Kubernetes conventions of CNI_ARGS; plugins that know none of them ignore them. */
    static String cniArgs(PodAttachRequest request) {
        Map<String, String> values = Map.of(
                "K8S_POD_NAMESPACE", request.podNamespace(),
                "K8S_POD_NAME", request.podName(),
                "K8S_POD_UID", request.podUid());
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue().contains(";") || e.getValue().contains("=")) {
                throw new JcriException.InvalidArgument("sandbox " + request.sandboxId() + ": " + e.getKey() + " \""
                        + e.getValue() + "\" cannot be passed to CNI plugins (it holds ';' or '=')");
            }
        }
        return "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + request.podNamespace() + ";K8S_POD_NAME=" + request.podName()
                + ";K8S_POD_INFRA_CONTAINER_ID=" + request.sandboxId() + ";K8S_POD_UID=" + request.podUid();
    }

    /** Everything jcri can offer as runtimeConfig; each plugin gets the parts its capabilities name. */
    static ObjectNode runtimeConfig(PodAttachRequest request) {
        ObjectNode rc = JSON.createObjectNode();
        ArrayNode ports = rc.putArray("portMappings");
        for (PortMapping m : request.portMappings()) {
            if (!m.published()) {
                continue;
            }
            ObjectNode p = ports.addObject();
            p.put("hostPort", m.hostPort());
            p.put("containerPort", m.containerPort());
            p.put("protocol", m.protocol().cniName());
            if (!m.hostIp().isEmpty()) {
                p.put("hostIP", m.hostIp());
            }
        }
        DnsConfig dns = request.dns();
        if (!dns.isEmpty()) {
            ObjectNode d = rc.putObject("dns");
            dns.servers().forEach(d.putArray("servers")::add);
            dns.searches().forEach(d.putArray("searches")::add);
            dns.options().forEach(d.putArray("options")::add);
        }
        return rc;
    }

    private JsonNode add(ObjectNode record) {
        ObjectNode list = (ObjectNode) record.get("config");
        String network = text(list, "name");
        String version = text(list, "cniVersion");
        String id = text(record, "sandboxId");
        String netns = text(record, "netns");
        String args = text(record, "cniArgs");
        // lo is the namespace's own and the network's plugins never touch it: up beside them
        Future<String> loopback = exec.start(
                LOOPBACK,
                new PluginExec.Invocation("ADD", id, netns, "lo", args, LOOPBACK_NETWORK),
                loopbackConfig(version));
        JsonNode previous = null;
        try {
            for (JsonNode plugin : list.get("plugins")) {
                String type = text(plugin, "type");
                ObjectNode conf =
                        pluginConfig(list, (ObjectNode) plugin, previous, (ObjectNode) record.get("runtimeConfig"));
                String out = exec.run(
                        type,
                        new PluginExec.Invocation("ADD", id, netns, text(record, "ifName"), args, network),
                        JSON.writeValueAsString(conf));
                previous = parseResult(out, type, network, id);
            }
        } catch (RuntimeException e) {
            await(loopback).ifPresent(e::addSuppressed);
            throw e;
        }
        Optional<RuntimeException> loFailed = await(loopback);
        if (loFailed.isPresent()) {
            throw loFailed.get();
        }
        return previous;
    }

    /** Waits for a plugin run started with {@link PluginExec#start}; its failure, if it failed. */
    private static Optional<RuntimeException> await(Future<String> run) {
        try {
            run.get();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(
                    e.getCause() instanceof RuntimeException re
                            ? re
                            : new JcriException.Internal("CNI plugin run failed: " + e.getCause(), e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new JcriException.Unavailable("interrupted waiting for a CNI plugin", e));
        }
    }

    private void del(ObjectNode record) {
        ObjectNode list = (ObjectNode) record.get("config");
        String network = text(list, "name");
        String version = text(list, "cniVersion");
        String id = text(record, "sandboxId");
        String recorded = text(record, "netns");
        String netns = !recorded.isEmpty() && netnsExists.test(recorded) ? recorded : "";
        String args = text(record, "cniArgs");
        JsonNode result = record.get("result");
        JsonNode prev = result != null && result.isObject() && atLeast(version, 0, 4) ? result : null;
        List<JsonNode> plugins = new ArrayList<>();
        list.get("plugins").forEach(plugins::add);
        // lo goes down beside the network's plugins (they never touch it)
        Future<String> loopback = netns.isEmpty()
                ? null
                : exec.start(
                        LOOPBACK,
                        new PluginExec.Invocation("DEL", id, netns, "lo", args, LOOPBACK_NETWORK),
                        loopbackConfig(version));
        RuntimeException first = null;
        for (int i = plugins.size() - 1; i >= 0; i--) {
            ObjectNode plugin = (ObjectNode) plugins.get(i);
            String type = text(plugin, "type");
            try {
                exec.run(
                        type,
                        new PluginExec.Invocation("DEL", id, netns, text(record, "ifName"), args, network),
                        JSON.writeValueAsString(
                                pluginConfig(list, plugin, prev, (ObjectNode) record.get("runtimeConfig"))));
            } catch (RuntimeException e) {
                // Go on with the others: a plugin further down may hold an address to release.
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (loopback != null) {
            // loopback holds nothing that outlives the namespace: its DEL failing keeps no record alive
            await(loopback).ifPresent(e -> log.debug("loopback DEL for sandbox {} failed: {}", id, e.getMessage()));
        }
        if (first != null) {
            throw first;
        }
    }

    static ObjectNode pluginConfig(ObjectNode list, ObjectNode plugin, JsonNode prevResult, ObjectNode runtime) {
        ObjectNode conf = plugin.deepCopy();
        conf.put("name", text(list, "name"));
        conf.put("cniVersion", text(list, "cniVersion"));
        conf.remove("prevResult");
        if (prevResult != null) {
            conf.set("prevResult", prevResult);
        }
        JsonNode caps = plugin.get("capabilities");
        if (caps != null && caps.isObject()) {
            JsonNode existing = plugin.get("runtimeConfig");
            ObjectNode rc = existing != null && existing.isObject()
                    ? ((ObjectNode) existing).deepCopy()
                    : JSON.createObjectNode();
            for (String capability : caps.propertyNames()) {
                if (caps.get(capability).asBoolean(false) && runtime.has(capability)) {
                    rc.set(capability, runtime.get(capability));
                }
            }
            if (!rc.isEmpty()) {
                conf.set("runtimeConfig", rc);
            }
        }
        return conf;
    }

    private static String loopbackConfig(String version) {
        ObjectNode conf = JSON.createObjectNode();
        conf.put("cniVersion", version);
        conf.put("name", LOOPBACK_NETWORK);
        conf.put("type", LOOPBACK);
        return JSON.writeValueAsString(conf);
    }

    private static JsonNode parseResult(String out, String type, String network, String id) {
        try {
            JsonNode node = JSON.readTree(out);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JacksonException e) {
            // reported below
        }
        String shown = out.strip();
        throw new JcriException.Internal("CNI plugin \"" + type + "\" (network \"" + network + "\") ADD for sandbox "
                + id + " answered without a result object"
                + (shown.isEmpty() ? "" : ": " + (shown.length() > 500 ? shown.substring(0, 500) + "..." : shown)));
    }

    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("\\.");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return "";
        }
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.asString() : "";
    }
}
