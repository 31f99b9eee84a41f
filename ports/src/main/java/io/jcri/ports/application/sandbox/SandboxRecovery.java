package io.jcri.ports.application.sandbox;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.network.PodNetworkAttachment;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxRecord;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.ports.application.common.EngineProbe;
import io.jcri.ports.application.common.TaskReaper;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.PodNetwork;
import io.jcri.ports.out.SandboxFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sandbox steps of start-up recovery. {@link #recover} rebuilds the sandbox cache from the
 * engine's sandbox records, each on its own: a record that cannot be read is skipped with a
 * warning naming it, and the others are recovered. {@link #sweepLeftovers} (the last step, once
 * everything is recovered) removes what belongs to no sandbox record: network namespaces, CNI
 * attachments and sandbox files left by a crash; an unreadable record still owns its own. Both are
 * safe to run again.
 */
public final class SandboxRecovery {
    private static final System.Logger log = System.getLogger(SandboxRecovery.class.getName());
    private static final Map<String, String> SANDBOX_RECORDS = Map.of(SandboxRecord.KIND_LABEL, SandboxRecord.SANDBOX);

    private final SandboxService service;
    private final ContainerRuntime runtime;
    private final PodNetwork network;
    private final SandboxFiles files;
    private static final String KEY = "sandbox ";
    private final Map<String, String> failed = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());

    /** The engine, network and files must be the ones {@code service} uses. */
    public SandboxRecovery(SandboxService service, ContainerRuntime runtime, PodNetwork network, SandboxFiles files) {
        this.service = service;
        this.runtime = runtime;
        this.network = network;
        this.files = files;
    }

    /**
     * Puts every readable sandbox record into the cache; returns how many.
     *
     * @throws JcriException.Unavailable when the engine does not answer
     */
    public int recover() {
        failed.clear();
        int n = 0;
        for (ContainerRecord r : runtime.listContainers(SANDBOX_RECORDS)) {
            if (recoverRecord(r)) {
                n++;
            }
        }
        return n;
    }

    private boolean recoverRecord(ContainerRecord r) {
        try {
            recoverOne(r);
            failed.remove(KEY + r.id());
            return true;
        } catch (JcriException.Unavailable e) {
            EngineProbe.rethrowIfEngineDown(runtime, e);
            skipped(r, e);
        } catch (RuntimeException e) {
            skipped(r, e);
        }
        return false;
    }

    /** The sandboxes the last {@link #recover} (or retry) skipped: "sandbox <id>" to why. */
    public Map<String, String> failures() {
        synchronized (failed) {
            return Map.copyOf(failed);
        }
    }

    /**
     * Reads the records of the skipped sandboxes again (none of them is in the cache, so the CRI
     * cannot be acting on them): one gone is dropped, one readable now is recovered.
     */
    public void retryFailed() {
        for (String key : List.copyOf(failures().keySet())) {
            Optional<ContainerRecord> record = runtime.container(key.substring(KEY.length()));
            if (record.isEmpty()) {
                failed.remove(key);
            } else {
                recoverRecord(record.get());
            }
        }
    }

    private void recoverOne(ContainerRecord r) {
        String doc = r.extensions().get(SandboxRecord.EXTENSION);
        if (doc == null) {
            throw new JcriException.InvalidArgument(
                    "its record has no jcri document (" + SandboxRecord.EXTENSION + ")");
        }
        Sandbox s = SandboxRecord.decode(doc);
        if (!s.hostNetwork() && s.ips() == null) {
            s = recoverAddresses(s);
        }
        service.adopt(s);
    }

    private void skipped(ContainerRecord r, RuntimeException e) {
        failed.put(KEY + r.id(), "not recovered, its record is kept: " + e.getMessage());
        log.log(
                System.Logger.Level.WARNING,
                "sandbox " + r.id() + " (" + r.label(SandboxService.NAMESPACE_LABEL) + "/"
                        + r.label(SandboxService.NAME_LABEL) + ") not recovered, its record cannot be read: "
                        + e.getMessage());
    }

    /**
     * A sandbox whose record has no addresses: jcri stopped between starting its task and
     * recording what CNI ADD gave it. When the attachment finished, its addresses are recorded
     * now; when it did not, the pod never got a network, so its task is stopped and the kubelet
     * sees it NOTREADY (and makes a new one).
     */
    private Sandbox recoverAddresses(Sandbox s) {
        Optional<PodNetworkAttachment> attached;
        try {
            attached = network.attachment(s.id());
        } catch (JcriException e) {
            warn("cannot read the network attachment of sandbox " + s.id() + ": " + e.getMessage());
            return s;
        }
        if (attached.isPresent()) {
            Sandbox withIps = s.withNetwork(attached.get().ips(), attached.get().network());
            try {
                runtime.updateContainerExtension(s.id(), SandboxRecord.EXTENSION, SandboxRecord.encode(withIps));
            } catch (JcriException e) {
                warn("cannot record the addresses of sandbox " + s.id() + ": " + e.getMessage());
            }
            return withIps;
        }
        warn("sandbox " + s.id() + " never finished its network setup; stopping its task");
        try {
            TaskReaper.kill(runtime, s.id());
        } catch (JcriException e) {
            warn("cannot stop sandbox " + s.id() + ": " + e.getMessage());
        }
        return s;
    }

    /**
     * Removes network namespaces, CNI attachments and sandbox files whose sandbox has no engine
     * record.
     *
     * @throws JcriException.Unavailable when the engine does not answer (nothing is removed)
     */
    public void sweepLeftovers() {
        Set<String> known = runtime.listContainers(SANDBOX_RECORDS).stream()
                .map(ContainerRecord::id)
                .collect(Collectors.toSet());
        for (Path netns : network.listNetns()) {
            String id = netns.getFileName().toString();
            if (!known.contains(id)) {
                cleanup("network namespace " + netns, () -> {
                    network.detach(id);
                    network.removeNetns(netns);
                });
            }
        }
        for (String id : List.copyOf(network.attachedSandboxIds())) {
            if (!known.contains(id)) {
                cleanup("CNI attachment of " + id, () -> network.detach(id));
            }
        }
        for (String id : files.sandboxIds()) {
            if (!known.contains(id)) {
                cleanup("sandbox files of " + id, () -> files.remove(id));
            }
        }
    }

    private static void cleanup(String what, Runnable r) {
        try {
            r.run();
            log.log(System.Logger.Level.INFO, "removed leftover " + what);
        } catch (RuntimeException e) {
            warn("cannot remove leftover " + what + ": " + e.getMessage());
        }
    }

    private static void warn(String message) {
        log.log(System.Logger.Level.WARNING, message);
    }
}
