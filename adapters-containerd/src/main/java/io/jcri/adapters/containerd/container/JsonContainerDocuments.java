package io.jcri.adapters.containerd.container;

import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.ContainerMount;
import io.jcri.domain.container.HugepageLimit;
import io.jcri.domain.container.ImageRequest;
import io.jcri.domain.container.ImageVolume;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.container.MountPropagation;
import io.jcri.domain.container.ProcessUser;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.ContainerDocuments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@link ContainerDocuments} with Jackson: explicit field names, so the stored form stays stable. */
final class JsonContainerDocuments implements ContainerDocuments {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String encodeMetadata(ContainerMetadata m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", m.id());
        n.put("sandboxId", m.sandboxId());
        n.put("name", m.name());
        n.put("attempt", m.attempt());
        n.put("imageName", m.imageName());
        n.put("imageId", m.imageId());
        n.put("imageRef", m.imageRef());
        n.put("createdAt", m.createdAt().toString());
        n.put("logPath", m.logPath());
        n.set("labels", map(m.labels()));
        n.set("annotations", map(m.annotations()));
        ArrayNode mounts = n.putArray("mounts");
        for (ContainerMount mount : m.mounts()) {
            ObjectNode o = mounts.addObject();
            o.put("containerPath", mount.containerPath());
            o.put("hostPath", mount.hostPath());
            o.put("readonly", mount.readonly());
            o.put("propagation", mount.propagation().name());
            o.put("recursiveReadOnly", mount.recursiveReadOnly());
            ArrayNode options = o.putArray("options");
            mount.options().forEach(options::add);
            if (mount.isImage()) {
                ImageVolume v = mount.image();
                o.putObject("image")
                        .put("image", v.image())
                        .put("userSpecifiedImage", v.userSpecifiedImage())
                        .put("imageRef", v.imageRef())
                        .put("subPath", v.subPath());
            }
        }
        n.put("tty", m.tty());
        n.put("stdin", m.stdin());
        n.put("stdinOnce", m.stdinOnce());
        n.put("stopSignal", m.stopSignal());
        n.put("runtimeHandler", m.runtimeHandler());
        n.put("snapshotter", m.snapshotter());
        ObjectNode user = n.putObject("user");
        user.put("uid", m.user().uid());
        user.put("gid", m.user().gid());
        ArrayNode groups = user.putArray("supplementalGroups");
        m.user().supplementalGroups().forEach(groups::add);
        ObjectNode image = n.putObject("imageRequest");
        image.put("userSpecified", m.imageRequest().userSpecified());
        image.set("annotations", map(m.imageRequest().annotations()));
        image.put("runtimeHandler", m.imageRequest().runtimeHandler());
        return JSON.writeValueAsString(n);
    }

    @Override
    public ContainerMetadata decodeMetadata(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            List<ContainerMount> mounts = new ArrayList<>();
            for (JsonNode o : n.path("mounts")) {
                mounts.add(new ContainerMount(
                        o.path("containerPath").asString(),
                        o.path("hostPath").asString(),
                        o.path("readonly").asBoolean(false),
                        MountPropagation.valueOf(o.path("propagation").asString("PRIVATE")),
                        o.path("recursiveReadOnly").asBoolean(false),
                        imageVolume(o.path("image")),
                        strings(o.path("options"))));
            }
            return new ContainerMetadata(
                    n.path("id").asString(),
                    n.path("sandboxId").asString(),
                    n.path("name").asString(),
                    n.path("attempt").asInt(0),
                    n.path("imageName").asString(""),
                    n.path("imageId").asString(""),
                    n.path("imageRef").asString(""),
                    Instant.parse(n.path("createdAt").asString()),
                    n.path("logPath").asString(""),
                    stringMap(n.path("labels")),
                    stringMap(n.path("annotations")),
                    mounts,
                    n.path("tty").asBoolean(false),
                    n.path("stdin").asBoolean(false),
                    n.path("stdinOnce").asBoolean(false),
                    n.path("stopSignal").asInt(15),
                    n.path("runtimeHandler").asString(""),
                    n.path("snapshotter").asString(""),
                    user(n.path("user")),
                    new ImageRequest(
                            n.path("imageRequest").path("userSpecified").asString(""),
                            stringMap(n.path("imageRequest").path("annotations")),
                            n.path("imageRequest").path("runtimeHandler").asString("")));
        } catch (RuntimeException e) {
            throw new JcriException.InvalidArgument("container metadata is not readable: " + e.getMessage(), e);
        }
    }

    @Override
    public String encodeResources(LinuxResources r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("cpuPeriod", r.cpuPeriod());
        n.put("cpuQuota", r.cpuQuota());
        n.put("cpuShares", r.cpuShares());
        n.put("memoryLimitInBytes", r.memoryLimitInBytes());
        n.put("memorySwapLimitInBytes", r.memorySwapLimitInBytes());
        n.put("oomScoreAdj", r.oomScoreAdj());
        n.put("cpusetCpus", r.cpusetCpus());
        n.put("cpusetMems", r.cpusetMems());
        ArrayNode pages = n.putArray("hugepageLimits");
        for (HugepageLimit h : r.hugepageLimits()) {
            pages.addObject().put("pageSize", h.pageSize()).put("limit", h.limit());
        }
        n.set("unified", map(r.unified()));
        return JSON.writeValueAsString(n);
    }

    @Override
    public LinuxResources decodeResources(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            List<HugepageLimit> pages = new ArrayList<>();
            for (JsonNode h : n.path("hugepageLimits")) {
                pages.add(new HugepageLimit(
                        h.path("pageSize").asString(), h.path("limit").asLong(0)));
            }
            return new LinuxResources(
                    n.path("cpuPeriod").asLong(0),
                    n.path("cpuQuota").asLong(0),
                    n.path("cpuShares").asLong(0),
                    n.path("memoryLimitInBytes").asLong(0),
                    n.path("memorySwapLimitInBytes").asLong(0),
                    n.path("oomScoreAdj").asLong(0),
                    n.path("cpusetCpus").asString(""),
                    n.path("cpusetMems").asString(""),
                    pages,
                    stringMap(n.path("unified")));
        } catch (RuntimeException e) {
            throw new JcriException.InvalidArgument("container resources are not readable: " + e.getMessage(), e);
        }
    }

    private static ImageVolume imageVolume(JsonNode v) {
        if (!v.isObject()) {
            return null;
        }
        return new ImageVolume(
                v.path("image").asString(""),
                v.path("userSpecifiedImage").asString(""),
                v.path("imageRef").asString(""),
                v.path("subPath").asString(""));
    }

    private static ProcessUser user(JsonNode u) {
        if (!u.isObject()) {
            return ProcessUser.ROOT;
        }
        List<Long> groups = new ArrayList<>();
        for (JsonNode g : u.path("supplementalGroups")) {
            groups.add(g.asLong());
        }
        return new ProcessUser(u.path("uid").asLong(0), u.path("gid").asLong(0), groups);
    }

    private static ObjectNode map(Map<String, String> m) {
        ObjectNode o = JSON.createObjectNode();
        m.forEach(o::put);
        return o;
    }

    private static Map<String, String> stringMap(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        n.properties().forEach(e -> m.put(e.getKey(), e.getValue().asString()));
        return m;
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asString()));
        return out;
    }
}
