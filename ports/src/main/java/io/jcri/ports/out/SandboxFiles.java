package io.jcri.ports.out;

import io.jcri.domain.sandbox.SandboxPaths;
import java.util.List;

/**
 * The node-local files of a pod sandbox, which its containers bind-mount: hostname, /etc/hosts,
 * resolv.conf, and a tmpfs for /dev/shm.
 */
public interface SandboxFiles {

    /**
     * Writes the sandbox's files (atomically) and mounts its shm, unless the pod uses the host's
     * IPC namespace. Undoes its own partial work on failure.
     */
    SandboxPaths prepare(Request request);

    /** Unmounts the shm and removes the sandbox's files; idempotent. */
    void remove(String sandboxId);

    /** Unmounts the shm only (stopping a sandbox keeps the files); idempotent. */
    void releaseShm(String sandboxId);

    /** The sandbox ids that have files on this node (for recovery's leftover sweep). */
    List<String> sandboxIds();

    /**
     * @param hostname the pod's hostname (ignored with host network: the node's is used)
     * @param dnsServers empty servers, searches and options together mean: use the node's resolv.conf
     */
    record Request(
            String sandboxId,
            String hostname,
            List<String> dnsServers,
            List<String> dnsSearches,
            List<String> dnsOptions,
            boolean hostNetwork,
            boolean hostIpc) {
        public Request {
            dnsServers = List.copyOf(dnsServers);
            dnsSearches = List.copyOf(dnsSearches);
            dnsOptions = List.copyOf(dnsOptions);
        }
    }
}
