package io.jcri.ports.application.recovery;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.sandbox.SandboxRecord;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.ports.application.common.EngineProbe;
import io.jcri.ports.application.common.TaskReaper;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.CreationJournal;
import io.jcri.ports.out.CreationJournal.Entry;
import io.jcri.ports.out.PodNetwork;
import io.jcri.ports.out.SandboxFiles;
import io.jcri.ports.out.ShimProcesses;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first step of start-up recovery: what an earlier jcri, killed in the middle of a
 * Containers.Create or Tasks.Create, may have half-made, as its {@link CreationJournal} notes
 * say. For each note: when the engine has no record of that id (the creation never finished, and
 * nothing jcri keeps names it), its task is killed and deleted, its record, snapshot and lease
 * removed through the engine, and, for a pod, its network (CNI DEL, the network namespace) and
 * files freed; then, record or not, a shim process still running for that id with no task in the
 * engine (a Tasks.Create the engine gave up on when jcri's connection broke) is ended through the
 * shim's own {@code delete}. A note of a whole RunPodSandbox ({@link CreationJournal.Call#SANDBOX}:
 * the start was cut before jcri answered it) tears its pod down completely even when the engine has
 * its record, so the pod is not adopted and its name is free for the kubelet's retry. A note is removed once its id is clean; one that fails is kept for
 * the next attempt and listed in {@link #failures()}; the others go on.
 */
public final class UnfinishedCreations {
    private static final System.Logger log = System.getLogger(UnfinishedCreations.class.getName());

    private final CreationJournal journal;
    private final ContainerRuntime runtime;
    private final ShimProcesses shims;
    private final PodNetwork network;
    private final SandboxFiles files;
    private final Map<String, String> failures = new LinkedHashMap<>();

    public UnfinishedCreations(
            CreationJournal journal,
            ContainerRuntime runtime,
            ShimProcesses shims,
            PodNetwork network,
            SandboxFiles files) {
        this.journal = journal;
        this.runtime = runtime;
        this.shims = shims;
        this.network = network;
        this.files = files;
    }

    /**
     * Cleans what each note left; returns how many notes were settled.
     *
     * @throws JcriException.Unavailable when the engine does not answer (notes kept)
     */
    public synchronized int recover() {
        List<Entry> left = journal.leftovers();
        failures.clear();
        if (left.isEmpty()) {
            return 0;
        }
        // a pod's id may have several notes (its start, its task): its shim is ended once
        Set<String> running = new java.util.HashSet<>(shims.running());
        int n = 0;
        for (Entry e : left) {
            try {
                settle(e, running);
                journal.end(e.id(), e.call());
                n++;
            } catch (JcriException.Unavailable ex) {
                EngineProbe.rethrowIfEngineDown(runtime, ex);
                failed(e, ex);
            } catch (RuntimeException ex) {
                failed(e, ex);
            }
        }
        return n;
    }

    /**
     * Deletes the leases of pause-container creations an earlier jcri did not finish (a finished
     * one deletes its lease, its record then holding the snapshot), so that a snapshot prepared
     * under one by a call the kill cut before its journal note is collected now, not when the lease
     * expires. Run only by recovery attempts, before any call is served; returns how many.
     */
    public int releaseSandboxLeases() {
        int n = 0;
        for (var lease : runtime.listLeases(Map.of(SandboxRecord.KIND_LABEL, SandboxRecord.SANDBOX))) {
            if (runtime.deleteLease(lease.id())) {
                n++;
                log.log(System.Logger.Level.INFO, "deleted lease " + lease.id() + " of an unfinished pod start");
            }
        }
        return n;
    }

    /** The notes the last {@link #recover} could not settle: "creation of <id>" to why. */
    public synchronized Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    private void settle(Entry e, Set<String> running) {
        String id = e.id();
        Optional<ContainerRecord> record = runtime.container(id);
        // a pod whose RunPodSandbox was never answered goes whole, record and all: nobody knows its id,
        // and its name must be free for the kubelet's retry
        if (record.isEmpty() || e.call() == CreationJournal.Call.SANDBOX) {
            TaskReaper.kill(runtime, id);
            runtime.deleteContainer(id);
            if (!e.snapshotKey().isEmpty()) {
                runtime.removeSnapshot(e.snapshotter(), e.snapshotKey());
            }
            if (!e.lease().isEmpty()) {
                runtime.deleteLease(e.lease());
            }
            freePod(id);
            log.log(
                    System.Logger.Level.INFO,
                    "removed what the unfinished " + e.call().name().toLowerCase(java.util.Locale.ROOT)
                            + " creation of " + id + " left"
                            + (record.isEmpty() ? " (no record names it)" : " (its start was never answered)"));
        }
        if (running.contains(id) && runtime.task(id).isEmpty()) {
            shims.end(id);
            running.remove(id);
            log.log(System.Logger.Level.INFO, "ended the shim of " + id + ", which served no task");
        }
    }

    /** A pod's network and files, when the id was a pod's (its netns is named by its id). */
    private void freePod(String id) {
        boolean attached = network.attachedSandboxIds().contains(id);
        Optional<Path> netns = network.listNetns().stream()
                .filter(p -> p.getFileName().toString().equals(id))
                .findFirst();
        if (attached || netns.isPresent()) {
            network.detach(id);
        }
        netns.ifPresent(network::removeNetns);
        if (files.sandboxIds().contains(id)) {
            files.remove(id);
        }
    }

    private void failed(Entry e, RuntimeException ex) {
        String why = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        failures.put("creation of " + e.id(), why);
        log.log(
                System.Logger.Level.WARNING,
                "the unfinished creation of " + e.id() + " (" + e.call() + ") cannot be cleaned up yet: " + why
                        + "; its note is kept for the next attempt");
    }
}
