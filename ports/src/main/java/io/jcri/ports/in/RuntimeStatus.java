package io.jcri.ports.in;

import io.jcri.domain.runtime.RuntimeStatusReport;
import io.jcri.domain.runtime.RuntimeVersion;

/** CRI Version and Status: who jcri is and whether it can run pods now. */
public interface RuntimeStatus {

    /** CRI Version. */
    RuntimeVersion version(VersionQuery query);

    /** CRI Status; a verbose query adds JSON info about the configuration and the engine. */
    RuntimeStatusReport status(StatusQuery query);

    /** CRI RuntimeConfig: whether the runtime's cgroup driver is systemd (else cgroupfs). */
    boolean systemdCgroupDriver();

    /** CRI UpdateRuntimeConfig: the node's pod CIDR, as the kubelet hands it over. */
    void updatePodCidr(String podCidr);

    /** The client's CRI API version, as sent (may be empty). */
    record VersionQuery(String clientApiVersion) {}

    record StatusQuery(boolean verbose) {}
}
