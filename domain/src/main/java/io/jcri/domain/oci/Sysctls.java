package io.jcri.domain.oci;

import io.jcri.domain.error.JcriException;
import java.util.Map;
import java.util.Set;

/**
 * Which sysctls a pod may set: only those in a namespace the pod owns (IPC: {@code kernel.shm*},
 * {@code kernel.msg*}, {@code kernel.sem}, {@code fs.mqueue.*}; network: {@code net.*}; UTS:
 * {@code kernel.hostname}, {@code kernel.domainname}), and not when that namespace is the node's.
 */
public final class Sysctls {
    private Sysctls() {}

    private static final Set<String> IPC = Set.of(
            "kernel.msgmax",
            "kernel.msgmnb",
            "kernel.msgmni",
            "kernel.sem",
            "kernel.shmall",
            "kernel.shmmax",
            "kernel.shmmni",
            "kernel.shm_rmid_forced");

    public static void check(Map<String, String> sysctls, boolean hostNetwork, boolean hostIpc) {
        for (String raw : sysctls.keySet()) {
            String name = raw.replace('/', '.');
            if (name.startsWith("net.")) {
                if (hostNetwork) {
                    throw new JcriException.InvalidArgument(
                            "sysctl \"" + raw + "\" cannot be set in a pod that uses the host's network");
                }
            } else if (IPC.contains(name) || name.startsWith("fs.mqueue.")) {
                if (hostIpc) {
                    throw new JcriException.InvalidArgument(
                            "sysctl \"" + raw + "\" cannot be set in a pod that uses the host's IPC namespace");
                }
            } else if (name.equals("kernel.hostname") || name.equals("kernel.domainname")) {
                if (hostNetwork) {
                    throw new JcriException.InvalidArgument(
                            "sysctl \"" + raw + "\" cannot be set in a pod that uses the host's UTS namespace");
                }
            } else {
                throw new JcriException.InvalidArgument(
                        "sysctl \"" + raw + "\" is not namespaced: it would change the whole node");
            }
        }
    }
}
