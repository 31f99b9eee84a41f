package io.jcri.it.fuzz;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.Status;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks on one answer: no INTERNAL or UNKNOWN (but grpc-java's own for bytes that are no
 * message), an answer before the deadline (streams that stay open excepted), and every error's
 * message naming a field of the request or an object it names (an ID, an image, a name).
 */
final class Verdicts {
    /** grpc-java's answers to bytes that do not parse, or a message over its size limit. */
    private static final List<String> GRPC_OWN =
            List.of("Invalid protobuf byte sequence", "Application error processing RPC", "exceeds maximum");

    /** A full object id as jcri makes them (64 hex digits; 32 at least, to be safe). */
    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{32,}");

    private Verdicts() {}

    /** What is wrong with {@code status} as the answer to {@code request}, if anything. */
    static Optional<String> check(
            String rpc, Message request, List<String> changed, boolean malformed, boolean endless, Status status) {
        String message = status.getDescription() == null ? "" : status.getDescription();
        switch (status.getCode()) {
            case OK:
                return Optional.empty();
            case DEADLINE_EXCEEDED:
                if (endless) {
                    return Optional.empty();
                }
                if (message.contains("deadline exceeded after")) {
                    return Optional.of("no answer before the client's deadline");
                }
                break;
            case INTERNAL:
            case UNKNOWN:
                if (malformed && GRPC_OWN.stream().anyMatch(message::contains)) {
                    return Optional.empty();
                }
                return Optional.of(status.getCode() + " answered");
            case RESOURCE_EXHAUSTED:
                if (GRPC_OWN.stream().anyMatch(message::contains)) {
                    return Optional.empty();
                }
                break;
            default:
                break;
        }
        if (message.isBlank()) {
            return Optional.of("error without a message");
        }
        return names(message, request, changed) ? Optional.empty() : Optional.of("message names no field or object");
    }

    /** Whether {@code message} names a field set or changed in the request, or one of its values. */
    static boolean names(String message, Message request, List<String> changed) {
        String flat = flat(message);
        Set<String> words =
                new HashSet<>(Arrays.asList(message.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")));
        Set<String> fields = new HashSet<>(changed);
        Set<String> values = new HashSet<>();
        if (request != null) {
            collect(request, fields, values, 0);
            fieldNames(request.getDescriptorForType(), fields, 0);
        }
        for (String f : List.copyOf(fields)) {
            String[] parts = f.split("_");
            if (parts.length > 2) {
                // pod_sandbox_id may be called "sandbox id"
                fields.add(parts[parts.length - 2] + "_" + parts[parts.length - 1]);
            }
        }
        for (String f : fields) {
            String n = flat(f);
            if (!n.isEmpty() && (n.length() >= 6 ? flat.contains(n) : words.contains(n))) {
                return true;
            }
        }
        String lower = message.toLowerCase(Locale.ROOT);
        for (String v : values) {
            String quoted = v.strip().toLowerCase(Locale.ROOT);
            // a value quoted as it is: "💥", or / between spaces
            if (!quoted.isEmpty()
                    && (lower.contains("\"" + quoted)
                            || lower.contains(" " + quoted + " ")
                            || lower.endsWith(" " + quoted))) {
                return true;
            }
            String n = flat(v);
            if (n.length() >= 4 && flat.contains(n.substring(0, Math.min(n.length(), 24)))) {
                return true;
            }
            // an id prefix ("8") answered with the full id of the object it resolved to
            if (!n.isEmpty()
                    && n.equals(quoted)
                    && words.stream().anyMatch(w -> FULL_ID.matcher(w).matches() && w.startsWith(n))) {
                return true;
            }
        }
        return false;
    }

    private static void collect(Message m, Set<String> fields, Set<String> values, int depth) {
        if (depth > 6) {
            return;
        }
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            fields.add(e.getKey().getName());
            List<?> items = e.getKey().isRepeated() ? (List<?>) e.getValue() : List.of(e.getValue());
            for (Object item : items.subList(0, Math.min(items.size(), 20))) {
                if (item instanceof Message nested) {
                    collect(nested, fields, values, depth + 1);
                } else if (item instanceof String s) {
                    values.add(s.length() > 200 ? s.substring(0, 200) : s);
                }
            }
        }
    }

    /** The names of every field of the request's type, a few messages down, set or not. */
    private static void fieldNames(Descriptor d, Set<String> fields, int depth) {
        for (FieldDescriptor f : d.getFields()) {
            fields.add(f.getName());
            if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth < 3 && !f.isMapField()) {
                fieldNames(f.getMessageType(), fields, depth + 1);
            }
        }
    }

    static String flat(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
