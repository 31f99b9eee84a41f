package io.jcri.ports.fakes;

import io.jcri.domain.error.JcriException;
import io.jcri.ports.out.ContainerCheckpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * In-memory {@link ContainerCheckpoints}: a settable CRIU verdict (counting how often it was
 * asked), paths that are refused with a reason, and the requests it was given.
 */
public final class FakeContainerCheckpoints implements ContainerCheckpoints {
    private volatile CriuVerdict verdict = new CriuVerdict(true, "Looks good.");
    private final Map<Path, String> unwritable = new HashMap<>();
    public final List<Request> dumped = new ArrayList<>();
    public int verdictAsked;
    private JcriException failDump;

    public void verdict(boolean usable, String text) {
        verdict = new CriuVerdict(usable, text);
    }

    public void unwritable(Path path, String reason) {
        unwritable.put(path, reason);
    }

    public void failDump(JcriException error) {
        failDump = error;
    }

    @Override
    public synchronized CriuVerdict criu() {
        verdictAsked++;
        return verdict;
    }

    @Override
    public synchronized void checkWritable(Path archive) {
        String reason = unwritable.get(archive);
        if (reason != null) {
            throw new JcriException.InvalidArgument("checkpoint location " + archive + ": " + reason);
        }
    }

    @Override
    public synchronized void checkpoint(Request request) {
        if (failDump != null) {
            throw failDump;
        }
        dumped.add(request);
    }
}
