package io.jcri.ports.fakes;

import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.ShimProcesses;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Shim processes a test starts by id ({@link #started}), as the engine leaves them when a
 * Tasks.Create is cut short; {@link #end} stops one (or fails for an id {@link #failEnd} names).
 */
public class FakeShimProcesses implements ShimProcesses {
    private final Set<String> running = new LinkedHashSet<>();
    private final Set<String> failing = new HashSet<>();
    private final List<String> ended = new ArrayList<>();

    public synchronized void started(String id) {
        running.add(id);
    }

    public synchronized void failEnd(String id) {
        failing.add(id);
    }

    public synchronized void heal(String id) {
        failing.remove(id);
    }

    @Override
    public synchronized Set<String> running() {
        return Set.copyOf(running);
    }

    @Override
    public synchronized void end(String id) {
        if (failing.contains(id)) {
            throw new JcriException.Internal("shim of " + id + " still runs after its delete");
        }
        if (running.remove(id)) {
            ended.add(id);
        }
    }

    /** The ids whose shim {@link #end} stopped, in order. */
    public synchronized List<String> ended() {
        return List.copyOf(ended);
    }
}
