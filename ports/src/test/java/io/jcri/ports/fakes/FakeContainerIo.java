package io.jcri.ports.fakes;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.oci.ExecProcess;
import io.jcri.domain.task.ExecResult;
import io.jcri.domain.task.StdStream;
import io.jcri.domain.task.StdioRequest;
import io.jcri.domain.task.TaskIo;
import io.jcri.ports.out.ContainerIo;
import io.jcri.ports.out.OutputListener;
import io.jcri.ports.out.TaskStdio;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * In-memory stdio: {@link #open} hands out FIFO paths that are never made, and the test plays the
 * process with {@link FakeStdio#write} and {@link FakeStdio#end}; log lines are kept as text
 * ({@code "stdout F hello"}). ExecSync answers from a script per container ({@link
 * #scriptExec}); unscripted commands exit 0 with no output. {@link #failNext} injects an error
 * into the next {@code open} or {@code execSync}.
 */
public class FakeContainerIo implements ContainerIo {
    private final Map<String, FakeStdio> open = new ConcurrentHashMap<>();
    private final Map<String, Deque<Object>> execScript = new ConcurrentHashMap<>();
    private final List<String> execs = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<JcriException>> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> opens = new ConcurrentHashMap<>();

    /** The next {@code method} ("open" or "execSync") throws {@code error}. */
    public void failNext(String method, JcriException error) {
        failures.computeIfAbsent(method, k -> new ArrayDeque<>()).add(error);
    }

    private void check(String method) {
        Deque<JcriException> f = failures.get(method);
        JcriException e = f == null ? null : f.poll();
        if (e != null) {
            throw e;
        }
    }

    /** The next ExecSync in {@code containerId} returns {@code result}. */
    public void scriptExec(String containerId, ExecResult result) {
        execScript.computeIfAbsent(containerId, k -> new ArrayDeque<>()).add(result);
    }

    /** The next ExecSync in {@code containerId} times out. */
    public void scriptExecTimeout(String containerId) {
        execScript.computeIfAbsent(containerId, k -> new ArrayDeque<>()).add(Boolean.FALSE);
    }

    /** The process JSON of every ExecSync so far, as {@code containerId: json}. */
    public List<String> execs() {
        return List.copyOf(execs);
    }

    /** The stdio opened for {@code id} and not closed. */
    public FakeStdio stdio(String id) {
        FakeStdio s = open.get(id);
        if (s == null) {
            throw new IllegalStateException("no open stdio " + id);
        }
        return s;
    }

    /** How many times stdio was opened for {@code id} (a second log writer is a bug). */
    public int opens(String id) {
        return opens.getOrDefault(id, 0);
    }

    /** Ids of stdio not closed yet (a leak check). */
    public List<String> openIds() {
        return List.copyOf(open.keySet());
    }

    @Override
    public TaskStdio open(StdioRequest request) {
        check("open");
        FakeStdio s = new FakeStdio(request);
        open.put(request.id(), s);
        opens.merge(request.id(), 1, Integer::sum);
        return s;
    }

    @Override
    public ExecResult execSync(String containerId, ExecProcess process, Duration timeout, int maxOutputBytes) {
        check("execSync");
        execs.add(containerId + ": " + process.toJson());
        Deque<Object> script = execScript.get(containerId);
        Object next = script == null ? null : script.poll();
        if (next == null) {
            return new ExecResult(0, new byte[0], new byte[0], false);
        }
        if (next instanceof ExecResult r) {
            return r;
        }
        throw new JcriException.DeadlineExceeded("command in container " + containerId + " did not finish within "
                + timeout.toMillis() + "ms; it was killed");
    }

    @Override
    public List<Path> fifos(Path fifoDir) {
        return open.values().stream()
                .filter(s -> s.request.fifoDir().equals(fifoDir))
                .flatMap(FakeStdio::values)
                .toList();
    }

    @Override
    public void removeFifos(Path fifoDir, String id) {
        open.values()
                .removeIf(s ->
                        s.request.fifoDir().equals(fifoDir) && s.request.id().equals(id));
    }

    /** One fake stdio; the test writes the process's output through it. */
    public final class FakeStdio implements TaskStdio {
        private final StdioRequest request;
        private final TaskIo paths;
        private final List<OutputListener> listeners = new CopyOnWriteArrayList<>();
        private final List<String> log = new CopyOnWriteArrayList<>();
        private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        private volatile boolean ended;
        private volatile boolean closed;
        private volatile int reopens;

        FakeStdio(StdioRequest request) {
            this.request = request;
            Path d = request.fifoDir();
            this.paths = new TaskIo(
                    request.stdin() ? d.resolve(request.id() + "-stdin").toString() : "",
                    d.resolve(request.id() + "-stdout").toString(),
                    request.terminal()
                            ? ""
                            : d.resolve(request.id() + "-stderr").toString(),
                    request.terminal());
        }

        /** What the stdio was opened with. */
        public StdioRequest request() {
            return request;
        }

        java.util.stream.Stream<Path> values() {
            return java.util.stream.Stream.of(paths.stdin(), paths.stdout(), paths.stderr())
                    .filter(p -> !p.isEmpty())
                    .map(Path::of);
        }

        /** The process writes one full line to {@code stream}. */
        public void write(StdStream stream, String line) {
            byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
            listeners.forEach(l -> l.onOutput(stream, b, 0, b.length));
            if (request.logPath() != null) {
                log.add(stream.logName() + " F " + line);
            }
        }

        /** The process's output ends. */
        public void end() {
            ended = true;
            listeners.forEach(OutputListener::onEnd);
            listeners.clear();
        }

        /** The log lines written so far, as {@code "stdout F text"}. */
        public List<String> logLines() {
            return List.copyOf(log);
        }

        /** What was written to stdin. */
        public String stdinText() {
            synchronized (stdin) {
                return stdin.toString(StandardCharsets.UTF_8);
            }
        }

        public int reopens() {
            return reopens;
        }

        public boolean closed() {
            return closed;
        }

        @Override
        public TaskIo paths() {
            return paths;
        }

        @Override
        public OutputStream stdin() {
            if (!request.stdin()) {
                throw new JcriException.FailedPrecondition("stdio of " + request.id() + " was opened without stdin");
            }
            return new OutputStream() {
                @Override
                public void write(int b) {
                    synchronized (stdin) {
                        stdin.write(b);
                    }
                }
            };
        }

        @Override
        public AutoCloseable attach(OutputListener listener) {
            if (ended || closed) {
                listener.onEnd();
                return () -> {};
            }
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public void reopenLog() {
            if (request.logPath() == null) {
                throw new JcriException.FailedPrecondition("stdio of " + request.id() + " writes no log");
            }
            if (ended || closed) {
                throw new JcriException.FailedPrecondition(
                        "output of " + request.id() + " has ended; its log is closed");
            }
            reopens++;
        }

        @Override
        public boolean awaitOutputEnd(Duration timeout) {
            return ended || closed;
        }

        @Override
        public void close() {
            closed = true;
            end();
            open.remove(request.id(), this);
        }
    }

    @Override
    public String toString() {
        return "FakeContainerIo" + new ArrayList<>(open.keySet());
    }
}
