package io.jcri.adapters.cri;

import io.jcri.adapters.cri.streaming.StreamingUrls;
import io.jcri.domain.error.JcriException;
import io.jcri.ports.in.Checkpointing;
import io.jcri.ports.in.ContainerLifecycle;
import io.jcri.ports.in.Metrics;
import io.jcri.ports.in.RuntimeEvents;
import io.jcri.ports.in.RuntimeStatus;
import io.jcri.ports.in.SandboxLifecycle;
import io.jcri.ports.in.Stats;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * {@link CriUseCases} for a test that serves part of CRI: each use case the test does not give is
 * a stand-in whose list queries answer nothing and whose other calls answer UNAVAILABLE naming
 * the use case (so a test that reaches one by mistake says which).
 */
final class TestUseCases {
    private final RuntimeStatus status;
    private final SandboxLifecycle sandboxes;
    private ContainerLifecycle containers = absent(ContainerLifecycle.class);
    private StreamingUrls streaming = absent(StreamingUrls.class);
    private Stats stats = absent(Stats.class);
    private Metrics metrics = absent(Metrics.class);
    private RuntimeEvents events = absent(RuntimeEvents.class);
    private Checkpointing checkpointing = absent(Checkpointing.class);

    private TestUseCases(RuntimeStatus status, SandboxLifecycle sandboxes) {
        this.status = status;
        this.sandboxes = sandboxes;
    }

    static TestUseCases of(RuntimeStatus status, SandboxLifecycle sandboxes) {
        return new TestUseCases(status, sandboxes);
    }

    TestUseCases containers(ContainerLifecycle value) {
        containers = value;
        return this;
    }

    TestUseCases stats(Stats value) {
        stats = value;
        return this;
    }

    TestUseCases metrics(Metrics value) {
        metrics = value;
        return this;
    }

    TestUseCases events(RuntimeEvents value) {
        events = value;
        return this;
    }

    TestUseCases checkpointing(Checkpointing value) {
        checkpointing = value;
        return this;
    }

    CriUseCases build() {
        return new CriUseCases(status, sandboxes, containers, streaming, stats, metrics, events, checkpointing);
    }

    private static <T> T absent(Class<T> type) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    default -> "absent " + type.getSimpleName();
                };
            }
            if (method.getReturnType() == List.class) {
                return List.of();
            }
            throw new JcriException.Unavailable(type.getSimpleName() + " is not served in this test");
        });
        return type.cast(proxy);
    }
}
