package io.jcri.domain.oci;

import io.jcri.domain.error.JcriException;
import io.jcri.domain.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI {@code Process} of a command run in a container (ExecSync, Exec): the process of the
 * container's OCI spec (user, env, cwd, capabilities ...) with the command's {@code args}, a
 * terminal only when asked, and no console size. Read and written with the same JSON codec that
 * wrote the spec ({@link OciSpec#toJson()}).
 */
public final class ExecProcess {
    private ExecProcess() {}

    /**
     * @param ociSpecJson the container's OCI spec, as stored on its engine record
     * @throws JcriException.InvalidArgument when the spec is not JSON or has no process
     */
    public static String of(String ociSpecJson, List<String> args, boolean terminal) {
        Object spec;
        try {
            spec = Json.parse(ociSpecJson);
        } catch (JcriException.InvalidArgument e) {
            throw new JcriException.InvalidArgument("the container's OCI spec is not JSON: " + e.getMessage(), e);
        }
        if (!(spec instanceof Map<?, ?> m) || !(m.get("process") instanceof Map<?, ?> process)) {
            throw new JcriException.InvalidArgument("the container's OCI spec has no process");
        }
        Map<Object, Object> p = new LinkedHashMap<>(process);
        p.put("args", List.copyOf(args));
        p.put("terminal", terminal);
        p.remove("consoleSize");
        return Json.write(p);
    }
}
