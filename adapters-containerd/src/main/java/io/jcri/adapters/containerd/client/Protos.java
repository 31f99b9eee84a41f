package io.jcri.adapters.containerd.client;

import com.google.protobuf.Timestamp;
import io.jcri.domain.task.Mount;
import io.jcri.domain.task.TaskIo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Small conversions between containerd's wire types and jcri's domain values. */
public final class Protos {
    private Protos() {}

    public static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    public static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder()
                .setSeconds(i.getEpochSecond())
                .setNanos(i.getNano())
                .build();
    }

    public static Mount mount(io.jcri.containerd.api.types.Mount m) {
        return new Mount(m.getType(), m.getSource(), m.getTarget(), m.getOptionsList());
    }

    public static List<Mount> mounts(List<io.jcri.containerd.api.types.Mount> ms) {
        return ms.stream().map(Protos::mount).toList();
    }

    public static io.jcri.containerd.api.types.Mount mount(Mount m) {
        return io.jcri.containerd.api.types.Mount.newBuilder()
                .setType(m.type())
                .setSource(m.source())
                .setTarget(m.target())
                .addAllOptions(m.options())
                .build();
    }

    public static TaskIo io(String stdin, String stdout, String stderr, boolean terminal) {
        return new TaskIo(stdin, stdout, stderr, terminal);
    }

    /**
     * A containerd filter matching objects whose labels include every entry, such as {@code
     * labels."io.jcri.kind"=="sandbox",labels."a"=="b"}. Empty for an empty selector.
     */
    public static String labelFilter(Map<String, String> selector) {
        return selector.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> "labels." + quote(e.getKey()) + "==" + quote(e.getValue()))
                .collect(Collectors.joining(","));
    }

    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
