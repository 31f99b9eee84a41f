package io.jcri.ports.application.recovery;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * The one gate in front of the use cases that read or change pods and containers ({@code
 * SandboxLifecycle}, {@code ContainerLifecycle}, {@code Streaming}, {@code Stats}): until start-up
 * recovery is done every call of the port fails as Unavailable saying jcri is recovering, since the
 * caches they answer from are still being rebuilt (an empty list would make the kubelet start
 * duplicates). Once recovered, calls go straight through. Version, Status and the image service are
 * never gated.
 */
public final class RecoveryGate {
    private RecoveryGate() {}

    /** {@code target} behind the gate, as an implementation of {@code port}. */
    public static <T> T guard(Class<T> port, T target, RecoveryState state) {
        if (!port.isInterface()) {
            throw new IllegalArgumentException(port + " is not an interface");
        }
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args, port, target);
            }
            state.requireRecovered(port.getSimpleName() + "." + method.getName());
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, handler));
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, Class<?> port, Object target) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "gated " + port.getSimpleName() + " of " + target;
        };
    }
}
