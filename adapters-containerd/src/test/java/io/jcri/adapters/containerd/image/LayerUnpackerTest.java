package io.jcri.adapters.containerd.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jcri.adapters.containerd.client.FakeContainerd;
import io.jcri.containerd.api.services.diff.v1.ApplyRequest;
import io.jcri.containerd.api.services.diff.v1.ApplyResponse;
import io.jcri.containerd.api.services.diff.v1.DiffGrpc;
import io.jcri.containerd.api.services.leases.v1.AddResourceRequest;
import io.jcri.containerd.api.services.leases.v1.LeasesGrpc;
import io.jcri.containerd.api.services.snapshots.v1.CommitSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.PrepareSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.PrepareSnapshotResponse;
import io.jcri.containerd.api.services.snapshots.v1.RemoveSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.SnapshotsGrpc;
import io.jcri.containerd.api.services.snapshots.v1.StatSnapshotRequest;
import io.jcri.containerd.api.services.snapshots.v1.StatSnapshotResponse;
import io.jcri.containerd.api.types.Mount;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.image.ChainIds;
import io.jcri.domain.image.Descriptor;
import io.jcri.ports.out.ImageStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final Descriptor LAYER_A = new Descriptor(Descriptor.OCI_LAYER_GZIP, "sha256:" + "1".repeat(64), 10);
    private static final Descriptor LAYER_B = new Descriptor(Descriptor.OCI_LAYER_GZIP, "sha256:" + "2".repeat(64), 20);
    private static final ImageStore.PullLease LEASE = new ImageStore.PullLease() {
        @Override
        public String id() {
            return "pull-lease";
        }

        @Override
        public void retain() {}

        @Override
        public void close() {}
    };

    @TempDir
    Path dir;

    private final Snapshots snapshots = new Snapshots();
    private final Map<String, String> appliesTo =
            new ConcurrentHashMap<>(Map.of(LAYER_A.digest(), A, LAYER_B.digest(), B));
    private final List<AddResourceRequest> leased = new CopyOnWriteArrayList<>();
    private FakeContainerd containerd;
    private LayerUnpacker unpacker;

    @BeforeEach
    void start() throws Exception {
        containerd = new FakeContainerd(dir, snapshots, new Diff(), new Leases());
        unpacker = new LayerUnpacker(
                new io.jcri.adapters.containerd.client.Snapshots(containerd.client),
                new io.jcri.adapters.containerd.client.Diff(containerd.client),
                "overlayfs",
                new ContainerdLeases(new io.jcri.adapters.containerd.client.Leases(containerd.client)));
    }

    @AfterEach
    void stop() throws Exception {
        containerd.close();
    }

    @Test
    void commitsEachLayerOnItsParentUnderTheLease() {
        unpacker.unpack(LEASE, List.of(LAYER_A, LAYER_B), List.of(A, B));

        List<String> chain = ChainIds.of(List.of(A, B));
        assertThat(snapshots.committed).isEqualTo(Map.of(chain.get(0), "", chain.get(1), chain.get(0)));
        assertThat(snapshots.removed).isEmpty();
        assertThat(containerd.calls())
                .filteredOn(c -> !c.method().equals("Snapshots/Stat"))
                .allSatisfy(c -> assertThat(c.lease()).isEqualTo("pull-lease"))
                .extracting(FakeContainerd.Call::method)
                .containsExactly(
                        "Snapshots/Prepare",
                        "Diff/Apply",
                        "Snapshots/Commit",
                        "Snapshots/Prepare",
                        "Diff/Apply",
                        "Snapshots/Commit");
    }

    @Test
    void aLayerAlreadyUnpackedIsAddedToTheLeaseAndNotUnpackedAgain() {
        snapshots.committed.put(A, "");

        unpacker.unpack(LEASE, List.of(LAYER_A, LAYER_B), List.of(A, B));

        assertThat(leased).singleElement().satisfies(r -> {
            assertThat(r.getId()).isEqualTo("pull-lease");
            assertThat(r.getResource().getType()).isEqualTo("snapshots/overlayfs");
            assertThat(r.getResource().getId()).isEqualTo(A);
        });
        assertThat(containerd.calls())
                .extracting(FakeContainerd.Call::method)
                .filteredOn(m -> m.equals("Snapshots/Prepare"))
                .hasSize(1);
        assertThat(snapshots.committed).containsKey(ChainIds.of(List.of(A, B)).get(1));
    }

    @Test
    void aLayerWithTheWrongDiffIdFailsAndItsSnapshotIsRemoved() {
        appliesTo.put(LAYER_A.digest(), B);

        assertThatThrownBy(() -> unpacker.unpack(LEASE, List.of(LAYER_A), List.of(A)))
                .isInstanceOf(JcriException.InvalidArgument.class)
                .hasMessage(
                        "layer " + LAYER_A.digest() + " unpacks to diff ID " + B + " but the image config says " + A);
        assertThat(snapshots.committed).isEmpty();
        assertThat(snapshots.removed).containsExactlyElementsOf(snapshots.prepared);
    }

    @Test
    void aLayerCommittedMeanwhileByAnotherPullIsFine() {
        snapshots.commitRace = true;

        unpacker.unpack(LEASE, List.of(LAYER_A), List.of(A));

        assertThat(snapshots.prepared).hasSize(1);
        assertThat(snapshots.removed).containsExactlyElementsOf(snapshots.prepared);
    }

    /** Committed snapshots by name (with their parent), prepared and removed keys. */
    private static final class Snapshots extends SnapshotsGrpc.SnapshotsImplBase {
        final Map<String, String> committed = new ConcurrentHashMap<>();
        final List<String> prepared = new CopyOnWriteArrayList<>();
        final List<String> removed = new CopyOnWriteArrayList<>();
        final Map<String, String> parents = new ConcurrentHashMap<>();
        volatile boolean commitRace;

        @Override
        public void stat(StatSnapshotRequest r, StreamObserver<StatSnapshotResponse> out) {
            if (committed.containsKey(r.getKey())) {
                out.onNext(StatSnapshotResponse.getDefaultInstance());
                out.onCompleted();
            } else {
                out.onError(Status.NOT_FOUND.asRuntimeException());
            }
        }

        @Override
        public void prepare(PrepareSnapshotRequest r, StreamObserver<PrepareSnapshotResponse> out) {
            prepared.add(r.getKey());
            parents.put(r.getKey(), r.getParent());
            out.onNext(PrepareSnapshotResponse.newBuilder()
                    .addMounts(Mount.newBuilder().setType("bind").setSource("/" + r.getKey()))
                    .build());
            out.onCompleted();
        }

        @Override
        public void commit(CommitSnapshotRequest r, StreamObserver<Empty> out) {
            if (commitRace) {
                out.onError(Status.ALREADY_EXISTS.asRuntimeException());
                return;
            }
            committed.put(r.getName(), parents.get(r.getKey()));
            out.onNext(Empty.getDefaultInstance());
            out.onCompleted();
        }

        @Override
        public void remove(RemoveSnapshotRequest r, StreamObserver<Empty> out) {
            removed.add(r.getKey());
            out.onNext(Empty.getDefaultInstance());
            out.onCompleted();
        }
    }

    /** Applies a layer by answering the diff ID configured for its digest. */
    private final class Diff extends DiffGrpc.DiffImplBase {
        @Override
        public void apply(ApplyRequest r, StreamObserver<ApplyResponse> out) {
            out.onNext(ApplyResponse.newBuilder()
                    .setApplied(io.jcri.containerd.api.types.Descriptor.newBuilder()
                            .setDigest(appliesTo.get(r.getDiff().getDigest())))
                    .build());
            out.onCompleted();
        }
    }

    /** Records what is added to leases. */
    private final class Leases extends LeasesGrpc.LeasesImplBase {
        @Override
        public void addResource(AddResourceRequest r, StreamObserver<Empty> out) {
            leased.add(r);
            out.onNext(Empty.getDefaultInstance());
            out.onCompleted();
        }
    }
}
