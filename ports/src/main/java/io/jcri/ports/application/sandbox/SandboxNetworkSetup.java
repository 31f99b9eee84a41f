package io.jcri.ports.application.sandbox;

import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.network.PodAttachRequest;
import io.jcri.domain.network.PodNetworkAttachment;
import io.jcri.ports.application.common.Steps;
import io.jcri.ports.in.SandboxLifecycle.RunCommand;
import io.jcri.ports.out.PodNetwork;
import io.jcri.ports.threads.NamedThreads;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * RunPodSandbox's network part: the pinned namespace, then CNI ADD beside the rest of the run
 * (the pause container and task need no network, and the plugins take as long as the rest
 * together), each with its undo registered.
 */
final class SandboxNetworkSetup {
    /** Runs CNI ADD beside the rest of RunPodSandbox (daemon threads, made as needed). */
    private static final ExecutorService CNI_ADD = Executors.newCachedThreadPool(NamedThreads.daemons("jcri-cni-add"));

    private final PodNetwork network;

    SandboxNetworkSetup(PodNetwork network) {
        this.network = network;
    }

    /**
     * A run's network being set up: its namespace and its CNI ADD, or neither for a pod on the
     * node's network.
     */
    record Pending(String netns, Future<PodNetworkAttachment> add) {
        static final Pending HOST = new Pending(null, null);

        boolean attaching() {
            return add != null;
        }

        PodNetworkAttachment await() {
            return SandboxNetworkSetup.await(add);
        }
    }

    /** Creates the namespace and starts CNI ADD in it, unless the pod uses the node's network. */
    Pending begin(Steps steps, String id, RunCommand cmd) {
        SandboxConfig config = cmd.config();
        if (config.security().namespaces().network() == NamespaceMode.NODE) {
            return Pending.HOST;
        }
        Path created = steps.run("creating the network namespace", () -> network.createNetns(id));
        steps.undo(() -> network.removeNetns(created));
        PodAttachRequest request = new PodAttachRequest(
                id, config.name(), config.namespace(), config.uid(), created, cmd.portMappings(), cmd.dns());
        Future<PodNetworkAttachment> pending = CNI_ADD.submit(() -> network.attach(request));
        steps.undo(() -> {
            // attach undoes itself when it fails; a finished one is detached
            if (awaitQuietly(pending)) {
                network.detach(id);
            }
        });
        if (needsNetworkFirst(config)) {
            // runc writes the pod's net.* sysctls when it creates the task, and one may name an
            // interface CNI has yet to make: wait for the ADD first
            steps.run("setting up the pod network (CNI ADD)", () -> await(pending));
        }
        return new Pending(created.toString(), pending);
    }

    /** Whether the pause task must wait for CNI ADD: the pod sets network sysctls. */
    static boolean needsNetworkFirst(SandboxConfig config) {
        return config.sysctls().keySet().stream().anyMatch(k -> k.startsWith("net.") || k.startsWith("net/"));
    }

    /** The attachment, or the attach's own error as it was thrown. */
    static PodNetworkAttachment await(Future<PodNetworkAttachment> pending) {
        try {
            return pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new JcriException.Internal("CNI ADD failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JcriException.Unavailable("interrupted waiting for CNI ADD", e);
        }
    }

    /** Waits for the attach to finish; whether it succeeded. */
    private static boolean awaitQuietly(Future<PodNetworkAttachment> pending) {
        try {
            pending.get();
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
