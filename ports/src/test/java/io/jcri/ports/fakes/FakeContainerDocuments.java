package io.jcri.ports.fakes;

import io.jcri.domain.container.ContainerMetadata;
import io.jcri.domain.container.LinuxResources;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.ContainerDocuments;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Documents kept in memory: encoding hands out a token, decoding looks it up (as long as the
 * same fake is used, a "restarted" service reads back what was written).
 */
public class FakeContainerDocuments implements ContainerDocuments {
    private final Map<String, Object> docs = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public String encodeMetadata(ContainerMetadata metadata) {
        return put("metadata", metadata);
    }

    @Override
    public ContainerMetadata decodeMetadata(String json) {
        return get(json, ContainerMetadata.class);
    }

    @Override
    public String encodeResources(LinuxResources resources) {
        return put("resources", resources);
    }

    @Override
    public LinuxResources decodeResources(String json) {
        return get(json, LinuxResources.class);
    }

    private String put(String kind, Object value) {
        String token = kind + "-" + next.incrementAndGet();
        docs.put(token, value);
        return token;
    }

    private <T> T get(String token, Class<T> type) {
        Object v = docs.get(token);
        if (!type.isInstance(v)) {
            throw new JcriException.InvalidArgument("\"" + token + "\" is not a stored " + type.getSimpleName());
        }
        return type.cast(v);
    }
}
