package io.jcri.ports.application.sandbox;

import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.ports.application.common.SideBySide;
import io.jcri.ports.application.common.Steps;
import io.jcri.ports.application.common.TaskReaper;
import io.jcri.ports.threads.NamedThreads;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * StopPodSandbox and RemovePodSandbox, called under the sandbox's lock. Both are idempotent: every
 * step is safe to run again, so a call that failed halfway, or one cut short by a restart, is
 * finished by the kubelet's retry.
 */
final class SandboxTeardown {
    /** Tears pod networks down beside the pause task's stop (daemon threads, made as needed). */
    private static final ExecutorService NETWORK_TEARDOWN =
            Executors.newCachedThreadPool(NamedThreads.daemons("jcri-cni-del"));

    private final SandboxContext ctx;

    SandboxTeardown(SandboxContext ctx) {
        this.ctx = ctx;
    }

    void stop(Sandbox sandbox) {
        String id = sandbox.id();
        ctx.store.begin(id, "stop it");
        try {
            Steps steps = new Steps("StopPodSandbox " + id);
            steps.run("stopping its containers", () -> ctx.containers().stopAll(id));
            if (sandbox.ready()) {
                ctx.plugins.get().stopPodSandbox(sandbox);
            }
            // the pause task and the pod network go side by side, as neither needs the other
            // gone: CNI DEL works on the pinned namespace, which outlives the pause process
            SideBySide.run(
                    "tearing down the network of pod " + id,
                    NETWORK_TEARDOWN,
                    () -> steps.run("stopping the sandbox task", () -> TaskReaper.kill(ctx.runtime, id)),
                    sandbox.hostNetwork() ? List.of() : List.of(() -> tearDownNetwork(steps, sandbox)));
            steps.run("unmounting the shm", () -> ctx.files.releaseShm(id));
            ctx.store.update(id, Sandbox::stopped);
            ctx.publish(RuntimeEvent.Type.SANDBOX_STOPPED, id, Map.of());
        } finally {
            ctx.store.end(id);
        }
    }

    private void tearDownNetwork(Steps steps, Sandbox sandbox) {
        String id = sandbox.id();
        steps.run("tearing down the pod network (CNI DEL)", () -> ctx.network.detach(id));
        sandbox.netnsPath()
                .ifPresent(p -> steps.run("removing the network namespace", () -> ctx.network.removeNetns(Path.of(p))));
    }

    /** Waits for the network's teardown; its failure is thrown as it was (after the task's, if both failed). */
    void remove(Sandbox sandbox) {
        String id = sandbox.id();
        stop(sandbox);
        ctx.store.begin(id, "remove it");
        try {
            Steps steps = new Steps("RemovePodSandbox " + id);
            steps.run("removing its containers", () -> ctx.containers().removeAll(id));
            steps.run("removing the sandbox container", () -> ctx.runtime.deleteContainer(id));
            steps.run(
                    "removing the sandbox snapshot",
                    () -> ctx.runtime.removeSnapshot(ctx.settings.snapshotterOf(sandbox.runtimeHandler()), id));
            steps.run("removing the sandbox files", () -> ctx.files.remove(id));
            ctx.store.remove(id);
            ctx.store.locks.forget(id);
            ctx.plugins.get().removePodSandbox(sandbox);
            ctx.names.release(sandbox.reservedName(), id);
            ctx.publish(RuntimeEvent.Type.SANDBOX_REMOVED, id, Map.of());
        } finally {
            ctx.store.end(id);
        }
    }
}
