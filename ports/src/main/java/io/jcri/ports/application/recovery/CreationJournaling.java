package io.jcri.ports.application.recovery;

import io.jcri.domain.task.NewContainerRecord;
import io.jcri.ports.out.ContainerRuntime;
import io.jcri.ports.out.CreationJournal;
import io.jcri.ports.out.CreationJournal.Call;
import io.jcri.ports.out.CreationJournal.Entry;
import io.jcri.ports.out.ShimProcesses;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * The engine as the services see it, with every Containers.Create and Tasks.Create noted in the
 * {@link CreationJournal} first (durably) and the note removed once the call's outcome is known, so
 * a jcri killed mid-call finds at its next start what it may have half-made ({@link
 * UnfinishedCreations}). A Tasks.Create that fails and leaves a shim running with no task (its
 * call cut short after the engine started the shim) gets that shim ended at once, so no orphan is
 * made; when that cleanup fails too, the note stays for the next start. Every other call, and the
 * leased views {@code withLease} gives, go straight through (the views journaled likewise).
 */
public final class CreationJournaling {
    private static final System.Logger log = System.getLogger(CreationJournaling.class.getName());

    private CreationJournaling() {}

    /** {@code runtime}, its creations journaled in {@code journal}; orphaned shims ended through {@code shims}. */
    public static ContainerRuntime journaled(ContainerRuntime runtime, CreationJournal journal, ShimProcesses shims) {
        return wrap(
                Objects.requireNonNull(runtime, "runtime"),
                Objects.requireNonNull(journal, "journal"),
                Objects.requireNonNull(shims, "shims"),
                "");
    }

    /**
     * The engine under {@code runtime}'s journaling, or {@code runtime} itself when it is not
     * journaled: for what needs the engine adapter's own type (the image store's watch of the
     * engine's event stream).
     */
    public static ContainerRuntime unjournaled(ContainerRuntime runtime) {
        if (Proxy.isProxyClass(runtime.getClass()) && Proxy.getInvocationHandler(runtime) instanceof Journaled j) {
            return j.target();
        }
        return runtime;
    }

    /** The journaling proxy's handler, which knows the engine it wraps. */
    private record Journaled(ContainerRuntime target, InvocationHandler calls) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return calls.invoke(proxy, method, args);
        }
    }

    private static ContainerRuntime wrap(
            ContainerRuntime target, CreationJournal journal, ShimProcesses shims, String lease) {
        InvocationHandler handler = new Journaled(target, (proxy, method, args) -> switch (method.getName()) {
            case "withLease" -> wrap((ContainerRuntime) call(target, method, args), journal, shims, (String) args[0]);
            case "createContainer" -> createContainer(target, journal, lease, method, args);
            case "createTask" -> createTask(target, journal, shims, lease, method, args);
            case "equals" -> args.length == 1 && proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "journaled " + target;
            default -> call(target, method, args);
        });
        // a closeable engine stays closeable (its owner, such as the container that made it, closes it)
        Class<?>[] types = target instanceof AutoCloseable
                ? new Class<?>[] {ContainerRuntime.class, AutoCloseable.class}
                : new Class<?>[] {ContainerRuntime.class};
        return (ContainerRuntime) Proxy.newProxyInstance(ContainerRuntime.class.getClassLoader(), types, handler);
    }

    private static Object createContainer(
            ContainerRuntime target, CreationJournal journal, String lease, Method method, Object[] args)
            throws Throwable {
        NewContainerRecord r = (NewContainerRecord) args[0];
        journal.begin(new Entry(r.id(), Call.CONTAINER, r.snapshotter(), r.snapshotKey(), lease));
        Object result;
        try {
            result = call(target, method, args);
        } catch (RuntimeException e) {
            // a call cut short may still have made the record: the note stays unless it surely did not
            if (absent(() -> target.container(r.id()).isEmpty())) {
                journal.end(r.id(), Call.CONTAINER);
            }
            throw e;
        }
        journal.end(r.id(), Call.CONTAINER);
        return result;
    }

    private static Object createTask(
            ContainerRuntime target,
            CreationJournal journal,
            ShimProcesses shims,
            String lease,
            Method method,
            Object[] args)
            throws Throwable {
        String id = (String) args[0];
        journal.begin(Entry.task(id, lease));
        Object result;
        try {
            result = call(target, method, args);
        } catch (RuntimeException e) {
            try {
                if (target.task(id).isEmpty()) {
                    if (shims.running().contains(id)) {
                        log.log(
                                System.Logger.Level.WARNING,
                                "Tasks.Create of " + id + " failed (" + e.getMessage()
                                        + ") and left its shim running with no task; ending it");
                        shims.end(id);
                    }
                    journal.end(id, Call.TASK);
                }
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        journal.end(id, Call.TASK);
        return result;
    }

    /** Whether the check says "absent"; false when it cannot tell. */
    private static boolean absent(java.util.function.BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
