package io.jcri.adapters.cri;

import io.jcri.cri.v1.RuntimeCondition;
import io.jcri.cri.v1.RuntimeStatus;
import io.jcri.cri.v1.StatusResponse;
import io.jcri.cri.v1.VersionResponse;
import io.jcri.domain.runtime.HandlerFeatures;
import io.jcri.domain.runtime.RuntimeStatusReport;
import io.jcri.domain.runtime.RuntimeVersion;

/** Version and Status between the domain and runtime.v1. */
final class RuntimeStatusProtoMapper {
    private RuntimeStatusProtoMapper() {}

    static VersionResponse toProto(RuntimeVersion v) {
        return VersionResponse.newBuilder()
                .setVersion(v.version())
                .setRuntimeName(v.runtimeName())
                .setRuntimeVersion(v.runtimeVersion())
                .setRuntimeApiVersion(v.runtimeApiVersion())
                .build();
    }

    static StatusResponse toProto(RuntimeStatusReport report) {
        RuntimeStatus.Builder status = RuntimeStatus.newBuilder();
        for (io.jcri.domain.runtime.RuntimeCondition c : report.conditions()) {
            status.addConditions(RuntimeCondition.newBuilder()
                    .setType(c.type())
                    .setStatus(c.status())
                    .setReason(c.reason())
                    .setMessage(c.message()));
        }
        StatusResponse.Builder response =
                StatusResponse.newBuilder().setStatus(status).putAllInfo(report.info());
        for (String handler : report.handlers()) {
            response.addRuntimeHandlers(handler(handler, report.features(handler)));
        }
        if (!report.handlers().isEmpty()) {
            // the default (listed first) again under the empty name, which is how the kubelet and
            // critest look up the handler of a pod that names none
            response.addRuntimeHandlers(
                    handler("", report.features(report.handlers().get(0))));
        }
        // mount_options: the bind options of MountOptions.SUPPORTED, which runc applies on every handler
        response.setFeatures(io.jcri.cri.v1.RuntimeFeatures.newBuilder()
                .setSupplementalGroupsPolicy(true)
                .setMountOptions(true));
        return response.build();
    }

    private static io.jcri.cri.v1.RuntimeHandler handler(String name, HandlerFeatures features) {
        // jcri maps no user namespaces yet
        return io.jcri.cri.v1.RuntimeHandler.newBuilder()
                .setName(name)
                .setFeatures(io.jcri.cri.v1.RuntimeHandlerFeatures.newBuilder()
                        .setRecursiveReadOnlyMounts(features.recursiveReadOnlyMounts())
                        .setUserNamespaces(false))
                .build();
    }
}
