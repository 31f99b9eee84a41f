package io.jcri.adapters.containerd.client;

import com.google.protobuf.FieldMask;
import io.jcri.containerd.api.services.containers.v1.Container;
import io.jcri.containerd.api.services.containers.v1.ContainersGrpc;
import io.jcri.containerd.api.services.containers.v1.CreateContainerRequest;
import io.jcri.containerd.api.services.containers.v1.DeleteContainerRequest;
import io.jcri.containerd.api.services.containers.v1.GetContainerRequest;
import io.jcri.containerd.api.services.containers.v1.ListContainersRequest;
import io.jcri.containerd.api.services.containers.v1.UpdateContainerRequest;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.task.ContainerRecord;
import io.jcri.domain.task.NewContainerRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * containerd's Containers service: the records of jcri's containers, as domain records. Every call
 * is detached (see {@link ContainerdClient#callDetached}) under the metadata deadline.
 */
public final class Containers {
    private final Calls calls;

    public Containers(ContainerdClient client) {
        this(new Calls(client));
    }

    private Containers(Calls calls) {
        this.calls = calls;
    }

    /** The same service, its calls sending {@code leaseId}. */
    public Containers leased(String leaseId) {
        return new Containers(calls.leased(leaseId));
    }

    private <Q, R> R call(io.grpc.MethodDescriptor<Q, R> method, Q request, String object) {
        return calls.detached(method, request, calls.deadlines().metadata(), object);
    }

    public ContainerRecord create(NewContainerRecord c) {
        Container created = call(
                        ContainersGrpc.getCreateMethod(),
                        CreateContainerRequest.newBuilder()
                                .setContainer(ContainerMapper.toProto(c))
                                .build(),
                        c.id())
                .getContainer();
        return ContainerMapper.fromProto(created);
    }

    public Optional<ContainerRecord> get(String id) {
        try {
            Container c = call(
                            ContainersGrpc.getGetMethod(),
                            GetContainerRequest.newBuilder().setId(id).build(),
                            id)
                    .getContainer();
            return Optional.of(ContainerMapper.fromProto(c));
        } catch (JcriException.NotFound e) {
            return Optional.empty();
        }
    }

    public List<ContainerRecord> list(Map<String, String> labelSelector) {
        ListContainersRequest.Builder req = ListContainersRequest.newBuilder();
        String filter = Protos.labelFilter(labelSelector);
        if (!filter.isEmpty()) {
            req.addFilters(filter);
        }
        return call(ContainersGrpc.getListMethod(), req.build(), "").getContainersList().stream()
                .map(ContainerMapper::fromProto)
                .toList();
    }

    public ContainerRecord updateLabels(String id, Map<String, String> labels) {
        Container.Builder c = Container.newBuilder().setId(id);
        FieldMask.Builder mask = FieldMask.newBuilder();
        labels.forEach((k, v) -> {
            c.putLabels(k, v);
            mask.addPaths("labels." + k);
        });
        if (labels.isEmpty()) {
            return get(id).orElseThrow(() -> new JcriException.NotFound("container " + id + " not found"));
        }
        return update(id, c.build(), mask.build());
    }

    public ContainerRecord updateExtension(String id, String name, String json) {
        Container c = Container.newBuilder()
                .setId(id)
                .putExtensions(name, ContainerMapper.extension(json))
                .build();
        return update(
                id, c, FieldMask.newBuilder().addPaths("extensions." + name).build());
    }

    private ContainerRecord update(String id, Container c, FieldMask mask) {
        Container updated = call(
                        ContainersGrpc.getUpdateMethod(),
                        UpdateContainerRequest.newBuilder()
                                .setContainer(c)
                                .setUpdateMask(mask)
                                .build(),
                        id)
                .getContainer();
        return ContainerMapper.fromProto(updated);
    }

    public boolean delete(String id) {
        try {
            call(
                    ContainersGrpc.getDeleteMethod(),
                    DeleteContainerRequest.newBuilder().setId(id).build(),
                    id);
            return true;
        } catch (JcriException.NotFound e) {
            return false;
        }
    }
}
