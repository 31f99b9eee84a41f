package io.jcri.ports.fakes;

import io.jcri.domain.sandbox.SandboxPaths;
import io.jcri.ports.out.SandboxFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory sandbox files: which sandboxes have files and a mounted shm. */
public class FakeSandboxFiles implements SandboxFiles {
    public final Map<String, Request> prepared = new ConcurrentHashMap<>();
    public final Map<String, Boolean> shmMounted = new ConcurrentHashMap<>();
    private volatile RuntimeException failNext;

    public void failNextPrepare(RuntimeException e) {
        failNext = e;
    }

    @Override
    public SandboxPaths prepare(Request r) {
        RuntimeException e = failNext;
        if (e != null) {
            failNext = null;
            throw e;
        }
        prepared.put(r.sandboxId(), r);
        Path dir = Path.of("/fake/sandboxes", r.sandboxId());
        if (!r.hostIpc()) {
            shmMounted.put(r.sandboxId(), true);
        }
        return new SandboxPaths(
                dir.resolve("hostname"),
                dir.resolve("hosts"),
                dir.resolve("resolv.conf"),
                r.hostIpc() ? Optional.empty() : Optional.of(dir.resolve("shm")));
    }

    @Override
    public void remove(String sandboxId) {
        prepared.remove(sandboxId);
        shmMounted.remove(sandboxId);
    }

    @Override
    public void releaseShm(String sandboxId) {
        shmMounted.remove(sandboxId);
    }

    @Override
    public List<String> sandboxIds() {
        return new ArrayList<>(prepared.keySet());
    }
}
