package io.jcri.domain.oci;

import io.jcri.domain.json.RawJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The {@code linux.seccomp} object of a spec: a filter jcri built, or a profile file's JSON as it is. */
public sealed interface OciSeccomp {

    Object toJsonValue();

    /** A filter: the action for unlisted syscalls, the architectures, and the rules. */
    record Filter(String defaultAction, List<String> architectures, List<Syscall> syscalls) implements OciSeccomp {
        public Filter {
            Objects.requireNonNull(defaultAction, "defaultAction");
            architectures = List.copyOf(architectures);
            syscalls = List.copyOf(syscalls);
        }

        /** Whether some rule gives the syscall the action, with or without argument conditions. */
        public boolean has(String name, String action) {
            return syscalls.stream()
                    .anyMatch(s -> s.action().equals(action) && s.names().contains(name));
        }

        @Override
        public Object toJsonValue() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("defaultAction", defaultAction);
            m.put("architectures", architectures);
            m.put("syscalls", syscalls.stream().map(Syscall::toMap).toList());
            return m;
        }
    }

    /** A profile given as JSON text (a Localhost profile), embedded without change. */
    record Raw(RawJson json) implements OciSeccomp {
        public Raw {
            Objects.requireNonNull(json, "json");
        }

        @Override
        public Object toJsonValue() {
            return json;
        }
    }

    /** One rule: the syscalls, the action, the errno for an errno action, argument conditions. */
    record Syscall(
            List<String> names, String action, @Nullable Integer errnoRet, List<Arg> args) {
        public Syscall {
            names = List.copyOf(names);
            Objects.requireNonNull(action, "action");
            args = List.copyOf(args);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("names", names);
            m.put("action", action);
            if (errnoRet != null) {
                m.put("errnoRet", errnoRet);
            }
            if (!args.isEmpty()) {
                m.put("args", args.stream().map(Arg::toMap).toList());
            }
            return m;
        }
    }

    /** A condition on one syscall argument ({@code SCMP_CMP_*} operator). */
    record Arg(int index, long value, long valueTwo, String op) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", index);
            m.put("value", value);
            m.put("valueTwo", valueTwo);
            m.put("op", op);
            return m;
        }
    }
}
