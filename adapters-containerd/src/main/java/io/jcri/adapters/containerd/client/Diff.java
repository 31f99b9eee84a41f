package io.jcri.adapters.containerd.client;

import io.jcri.containerd.api.services.diff.v1.ApplyRequest;
import io.jcri.containerd.api.services.diff.v1.DiffGrpc;
import io.jcri.domain.image.Descriptor;
import io.jcri.domain.task.Mount;
import java.util.List;

/** containerd's Diff service: layers applied onto snapshots' mounts, in the caller's context, under the transfer deadline. */
public final class Diff {
    private final Calls calls;

    public Diff(ContainerdClient client) {
        this(new Calls(client));
    }

    private Diff(Calls calls) {
        this.calls = calls;
    }

    /** The same service, its calls sending {@code leaseId}. */
    public Diff leased(String leaseId) {
        return new Diff(calls.leased(leaseId));
    }

    /** Applies {@code layer} onto {@code mounts}; the digest of what it unpacked to (its diff ID). */
    public String apply(Descriptor layer, List<Mount> mounts) {
        ApplyRequest.Builder req = ApplyRequest.newBuilder()
                .setDiff(io.jcri.containerd.api.types.Descriptor.newBuilder()
                        .setMediaType(layer.mediaType())
                        .setDigest(layer.digest())
                        .setSize(layer.size()));
        mounts.forEach(m -> req.addMounts(Protos.mount(m)));
        return calls.unary(
                        DiffGrpc.getApplyMethod(),
                        req.build(),
                        calls.deadlines().transfer(),
                        "of layer " + layer.digest())
                .getApplied()
                .getDigest();
    }
}
