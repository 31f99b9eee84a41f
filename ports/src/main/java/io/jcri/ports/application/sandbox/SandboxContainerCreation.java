package io.jcri.ports.application.sandbox;

import io.jcri.domain.image.Image;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxRecord;
import io.jcri.domain.task.Lease;
import io.jcri.domain.task.Mount;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import io.jcri.ports.out.ContainerRuntime;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pause container's engine record and root filesystem, made under a lease so that a jcri
 * killed halfway leaves nothing the engine keeps; the record carries what recovery needs.
 */
final class SandboxContainerCreation {
    private static final System.Logger log = System.getLogger(SandboxContainerCreation.class.getName());
    /** How long an unfinished create's lease lives if jcri dies before deleting it. */
    private static final Duration LEASE_EXPIRY = Duration.ofMinutes(10);

    private final SandboxContext ctx;

    SandboxContainerCreation(SandboxContext ctx) {
        this.ctx = ctx;
    }

    /** The snapshot and the record; the root filesystem's mounts for the task. */
    List<Mount> create(Sandbox sandbox, Image image, OciRuntime ociRuntime, String spec) {
        String id = sandbox.id();
        String snapshotter = ctx.settings.snapshotterOf(sandbox.runtimeHandler());
        ContainerRuntime runtime = ctx.runtime;
        Lease lease = runtime.createLease(
                "jcri-sandbox-" + id, LEASE_EXPIRY, Map.of(SandboxRecord.KIND_LABEL, SandboxRecord.SANDBOX));
        ContainerRuntime leased = runtime.withLease(lease.id());
        boolean prepared = false;
        try {
            List<Mount> mounts = leased.prepareSnapshot(snapshotter, id, image.chainId(), Map.of());
            prepared = true;
            leased.createContainer(new NewContainerRecord(
                    id,
                    sandbox.image(),
                    ociRuntime,
                    spec,
                    snapshotter,
                    id,
                    labels(sandbox),
                    Map.of(SandboxRecord.EXTENSION, SandboxRecord.encode(sandbox))));
            return mounts;
        } catch (RuntimeException e) {
            if (prepared) {
                try {
                    runtime.removeSnapshot(snapshotter, id);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        } finally {
            try {
                // the record holds the snapshot now (or the undo removed it): the lease goes after the answer
                runtime.releaseLease(lease.id());
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "deleting lease " + lease.id() + " failed: " + e.getMessage());
            }
        }
    }

    private static Map<String, String> labels(Sandbox sandbox) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SandboxRecord.KIND_LABEL, SandboxRecord.SANDBOX);
        labels.put(EngineRecordsPodContainers.SANDBOX_ID_LABEL, sandbox.id());
        labels.put(SandboxService.NAME_LABEL, sandbox.config().name());
        labels.put(SandboxService.NAMESPACE_LABEL, sandbox.config().namespace());
        labels.put(SandboxService.UID_LABEL, sandbox.config().uid());
        labels.put(
                SandboxService.ATTEMPT_LABEL, Integer.toString(sandbox.config().attempt()));
        return labels;
    }
}
