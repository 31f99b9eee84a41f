package io.jcri.domain.oci;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The OCI {@code Process} of a command run in a container (ExecSync, Exec): the process of the
 * container's OCI spec (user, env, cwd, capabilities ...) with the command's {@code args}, a
 * terminal only when asked, and no console size. Read and written with the same JSON codec that
 * wrote the spec ({@link OciSpec#toJson()}); the engine adapter sends {@link #toJson()}.
 *
 * <p>The spec's process is kept as its document, not as {@link OciSpec.Process}: a spec stored on
 * an older record may carry fields jcri's records do not model (rlimits, an AppArmor profile ...),
 * and the exec must run with them too.
 */
public final class ExecProcess {
    private final Map<String, Object> document;

    private ExecProcess(Map<String, Object> document) {
        this.document = Collections.unmodifiableMap(document);
    }

    /**
     * @param ociSpecJson the container's OCI spec, as stored on its engine record
     * @throws JcriException.InvalidArgument when the spec is not JSON or has no process
     */
    public static ExecProcess of(String ociSpecJson, List<String> args, boolean terminal) {
        Object spec;
        try {
            spec = Json.parse(ociSpecJson);
        } catch (JcriException.InvalidArgument e) {
            throw new JcriException.InvalidArgument("the container's OCI spec is not JSON: " + e.getMessage(), e);
        }
        if (!(spec instanceof Map<?, ?> m) || !(m.get("process") instanceof Map<?, ?> process)) {
            throw new JcriException.InvalidArgument("the container's OCI spec has no process");
        }
        Map<String, Object> p = copy(process);
        p.put("args", List.copyOf(args));
        p.put("terminal", terminal);
        p.remove("consoleSize");
        return new ExecProcess(p);
    }

    /**
     * A process given as an OCI {@code Process} document, as it is (for callers that build one
     * without a container's spec, such as the engine's contract tests).
     *
     * @throws JcriException.InvalidArgument when the text is not a JSON object with {@code args}
     */
    public static ExecProcess parse(String processJson) {
        if (!(Json.parse(processJson) instanceof Map<?, ?> m) || !(m.get("args") instanceof List<?>)) {
            throw new JcriException.InvalidArgument("an OCI process is a JSON object with args: " + processJson);
        }
        return new ExecProcess(copy(m));
    }

    /** The command and its arguments. */
    public List<String> args() {
        return ((List<?>) document.get("args")).stream().map(String::valueOf).toList();
    }

    /** Whether the process gets a terminal. */
    public boolean terminal() {
        return Boolean.TRUE.equals(document.get("terminal"));
    }

    /** The OCI {@code Process} document, with the spec's field names, in the spec's order. */
    public String toJson() {
        return Json.write(document);
    }

    private static Map<String, Object> copy(Map<?, ?> m) {
        Map<String, Object> p = new LinkedHashMap<>();
        m.forEach((k, v) -> p.put(String.valueOf(k), v));
        return p;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ExecProcess other && document.equals(other.document);
    }

    @Override
    public int hashCode() {
        return document.hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
