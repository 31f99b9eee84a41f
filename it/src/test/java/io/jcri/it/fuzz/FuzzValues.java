package io.jcri.it.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Hostile values for one field, chosen by its type and name: random, huge and empty strings,
 * control characters, negative and extreme numbers, unknown enum numbers, and for ID, image and
 * path fields the IDs and references the run knows of (live, removed, unknown, prefixes). Paths
 * stay under the run's own directory, and image references point at the run's registry or at a
 * closed port, so nothing outside the run is read, written or pulled.
 */
final class FuzzValues {
    private static final List<String> ODD = List.of(
            "",
            " ",
            "\u0000",
            "a\u0000b",
            "\t\n\r",
            "..",
            "../..",
            "/",
            "-1",
            "%s%n",
            "$(reboot)",
            "'\";--",
            "\u202e\u0644\u0627",
            "\ud83d\udca5",
            "\ufffd\ufeff",
            "UPPER_case.Name",
            "a/b:c@d",
            "null");

    private final SplittableRandom random;
    private final FuzzState state;
    private final Path scratch;

    FuzzValues(SplittableRandom random, FuzzState state, Path scratch) {
        this.random = random;
        this.state = state;
        this.scratch = scratch;
    }

    SplittableRandom random() {
        return random;
    }

    /** A value of {@code field}'s scalar type (not messages, not enums' descriptors for repeated). */
    Object scalar(FieldDescriptor field) {
        return switch (field.getJavaType()) {
            case STRING -> string(field.getName());
            case BYTE_STRING -> ByteString.copyFrom(bytes(random.nextInt(4) == 0 ? 70_000 : 16));
            case INT -> intValue();
            case LONG -> longValue();
            case BOOLEAN -> random.nextBoolean();
            case FLOAT -> (float) doubleValue();
            case DOUBLE -> doubleValue();
            case ENUM ->
                random.nextInt(3) == 0
                        ? field.getEnumType().findValueByNumberCreatingIfUnknown(intValue())
                        : field.getEnumType()
                                .getValues()
                                .get(random.nextInt(
                                        field.getEnumType().getValues().size()));
            case MESSAGE -> throw new IllegalArgumentException(field.getFullName() + " is a message");
        };
    }

    int intValue() {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Integer.MIN_VALUE;
            case 3 -> Integer.MAX_VALUE;
            case 4 -> -random.nextInt(1, 100_000);
            default -> random.nextInt(0, 5000);
        };
    }

    long longValue() {
        return switch (random.nextInt(8)) {
            case 0 -> 0L;
            case 1 -> -1L;
            case 2 -> Long.MIN_VALUE;
            case 3 -> Long.MAX_VALUE;
            case 4 -> -random.nextLong(1, Long.MAX_VALUE);
            default -> random.nextLong(0, 1L << 40);
        };
    }

    private double doubleValue() {
        return switch (random.nextInt(6)) {
            case 0 -> Double.NaN;
            case 1 -> Double.NEGATIVE_INFINITY;
            case 2 -> -1.5;
            case 3 -> Double.MAX_VALUE;
            default -> random.nextDouble() * 1000;
        };
    }

    byte[] bytes(int max) {
        byte[] b = new byte[random.nextInt(max + 1)];
        random.nextBytes(b);
        return b;
    }

    /** A string for a field named {@code name}: what that kind of field might be sent, good or bad. */
    String string(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int pick = random.nextInt(10);
        if (pick < 6 && (n.equals("id") || n.endsWith("_id") || n.endsWith("_ids"))) {
            return id();
        }
        if (pick < 6 && (n.equals("image") || n.endsWith("image") || n.equals("ref"))) {
            return image();
        }
        if (pick < 6 && (n.contains("path") || n.contains("location") || n.contains("dir"))) {
            return path();
        }
        return generic();
    }

    String generic() {
        return switch (random.nextInt(10)) {
            case 0, 1 -> ODD.get(random.nextInt(ODD.size()));
            case 2 -> "x".repeat(random.nextInt(200, 70_000));
            case 3 -> word(random.nextInt(240, 300));
            case 4 -> unicode(random.nextInt(1, 40));
            case 5 -> id();
            default -> word(random.nextInt(1, 20));
        };
    }

    String word(int length) {
        String chars = "abcdefghijklmnopqrstuvwxyz0123456789-._";
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(chars.charAt(random.nextInt(chars.length())));
        }
        return s.toString();
    }

    private String unicode(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp = random.nextInt(4) == 0 ? random.nextInt(0x20) : random.nextInt(0x20, 0x2FFFF);
            if (Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                s.appendCodePoint(cp);
            }
        }
        return s.toString();
    }

    /** A live, removed or unknown ID of a pod or container, a prefix of one, or junk. */
    String id() {
        return switch (random.nextInt(9)) {
            case 0, 1 -> state.somePod(random).orElse("");
            case 2, 3 -> state.someContainer(random).orElse("");
            case 4 -> state.someRemoved(random).orElse("0".repeat(64));
            case 5 ->
                state.somePod(random)
                        .map(id -> id.substring(0, Math.min(id.length(), 6)))
                        .orElse("abcdef");
            case 6 -> hex(64);
            case 7 -> "";
            default -> generic();
        };
    }

    String hex(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }

    /** An image reference: the run's own, unknown ones on its registry or a closed port, or malformed. */
    String image() {
        return switch (random.nextInt(9)) {
            case 0, 1 -> state.someImage(random).orElse(state.busybox());
            case 2 -> state.busybox();
            case 3 -> state.registry() + "/fuzz/none-" + word(5) + ":" + word(3);
            case 4 -> "127.0.0.1:1/fuzz/closed:1";
            case 5 -> state.registry() + "/fuzz/busybox@sha256:" + hex(64);
            case 6 -> "sha256:" + hex(64);
            case 7 -> "Bad Ref!" + unicode(3);
            default -> ODD.get(random.nextInt(ODD.size()));
        };
    }

    /** A path: relative names, and absolute ones under the run's scratch directory only. */
    String path() {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> word(random.nextInt(1, 12)) + ".log";
            case 2 -> "../" + word(4);
            case 3 -> scratch.resolve(word(6)).toString();
            case 4 -> scratch.resolve("x".repeat(random.nextInt(250, 5000))).toString();
            default -> scratch + "/a/../" + word(3) + "/\u0000";
        };
    }
}
