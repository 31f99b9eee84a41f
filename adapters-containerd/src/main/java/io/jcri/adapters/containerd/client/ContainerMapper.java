package io.jcri.adapters.containerd.client;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.jcri.containerd.api.runc.v1.Options;
import io.jcri.containerd.api.services.containers.v1.Container;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.domain.task.NewContainerRecord;
import io.jcri.domain.task.OciRuntime;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Container records to and from containerd's {@code Container}. */
final class ContainerMapper {
    /**
     * containerd's garbage collector keeps the snapshot a record's {@code <this><snapshotter>/<name>}
     * label names for as long as the record exists.
     */
    static final String GC_SNAPSHOT_REF = "containerd.io/gc.ref.snapshot.";

    private ContainerMapper() {}

    static Container toProto(NewContainerRecord c) {
        Container.Builder b = Container.newBuilder()
                .setId(c.id())
                .setImage(c.image())
                .setRuntime(runtime(c.runtime()))
                .setSpec(Any.newBuilder()
                        .setTypeUrl(TypeUrls.OCI_SPEC)
                        .setValue(ByteString.copyFromUtf8(c.ociSpecJson())))
                .setSnapshotter(c.snapshotter())
                .setSnapshotKey(c.snapshotKey())
                .putAllLabels(c.labels());
        if (!c.heldSnapshots().isEmpty() && c.snapshotter().isEmpty()) {
            throw new JcriException.InvalidArgument(
                    "container " + c.id() + ": it holds snapshots " + c.heldSnapshots() + " but names no snapshotter");
        }
        for (int i = 0; i < c.heldSnapshots().size(); i++) {
            b.putLabels(
                    GC_SNAPSHOT_REF + c.snapshotter() + "/" + i,
                    c.heldSnapshots().get(i));
        }
        c.extensions().forEach((name, json) -> b.putExtensions(name, extension(json)));
        return b.build();
    }

    /** One of jcri's JSON documents as a containerd extension. */
    static Any extension(String json) {
        return Any.newBuilder()
                .setTypeUrl(TypeUrls.JCRI_JSON)
                .setValue(ByteString.copyFromUtf8(json))
                .build();
    }

    static Container.Runtime runtime(OciRuntime r) {
        Options options = Options.newBuilder()
                .setBinaryName(r.binaryName())
                .setRoot(r.root())
                .setSystemdCgroup(r.systemdCgroup())
                .build();
        return Container.Runtime.newBuilder()
                .setName(r.type())
                .setOptions(Any.newBuilder().setTypeUrl(TypeUrls.RUNC_OPTIONS).setValue(options.toByteString()))
                .build();
    }

    static ContainerRecord fromProto(Container c) {
        Map<String, String> extensions = new HashMap<>();
        c.getExtensionsMap()
                .forEach((name, any) -> extensions.put(name, any.getValue().toString(StandardCharsets.UTF_8)));
        return new ContainerRecord(
                c.getId(),
                c.getImage(),
                runtime(c.getId(), c.getRuntime()),
                c.getSpec().getValue().toString(StandardCharsets.UTF_8),
                c.getSnapshotter(),
                c.getSnapshotKey(),
                c.getLabelsMap(),
                extensions,
                Protos.instant(c.getCreatedAt()),
                Protos.instant(c.getUpdatedAt()));
    }

    private static OciRuntime runtime(String id, Container.Runtime r) {
        Any any = r.getOptions();
        if (!any.getTypeUrl().endsWith(TypeUrls.RUNC_OPTIONS)) {
            return new OciRuntime(r.getName().isEmpty() ? "unknown" : r.getName(), "", "", false);
        }
        try {
            Options o = Options.parseFrom(any.getValue());
            return new OciRuntime(r.getName(), o.getBinaryName(), o.getRoot(), o.getSystemdCgroup());
        } catch (InvalidProtocolBufferException e) {
            throw new JcriException.Internal("container " + id + " has unreadable runc options: " + e.getMessage(), e);
        }
    }
}
