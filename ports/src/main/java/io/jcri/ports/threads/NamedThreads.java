package io.jcri.ports.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place jcri's code makes threads: each named (so a thread dump says whose it is) and a
 * daemon (so none keeps the JVM from exiting once the application has closed). ArchUnit checks
 * that no other class calls a {@link Thread} constructor.
 */
public final class NamedThreads {
    private NamedThreads() {}

    /** An unstarted daemon thread called {@code name}. */
    public static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** A factory of daemon threads called {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return body -> daemon(prefix + "-" + n.incrementAndGet(), body);
    }
}
