package io.jcri.it.fuzz;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Requests made from a message's descriptor: wholly random ones, valid ones with fields replaced
 * or cleared one at a time, and raw bytes that no valid message has (invalid UTF-8 in a string
 * field, random garbage), sent as they are.
 */
final class MessageFuzzer {
    private static final int MAX_DEPTH = 4;
    private final FuzzValues values;

    MessageFuzzer(FuzzValues values) {
        this.values = values;
    }

    /** A message of {@code prototype}'s type with random fields set, nested up to a few levels. */
    Message random(Message prototype) {
        return fill(prototype.newBuilderForType(), 0).build();
    }

    private Message.Builder fill(Message.Builder b, int depth) {
        for (FieldDescriptor f : b.getDescriptorForType().getFields()) {
            if (values.random().nextInt(depth + 2) != 0) {
                continue;
            }
            if (f.isRepeated()) {
                int n = values.random().nextInt(8) == 0
                        ? values.random().nextInt(50, 300)
                        : values.random().nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.addRepeatedField(f, value(b, f, depth));
                }
            } else {
                b.setField(f, value(b, f, depth));
            }
        }
        return b;
    }

    private Object value(Message.Builder parent, FieldDescriptor f, int depth) {
        if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
            return values.scalar(f);
        }
        Message.Builder nested = parent.newBuilderForField(f);
        return depth >= MAX_DEPTH ? nested.build() : fill(nested, depth + 1).build();
    }

    /** {@code valid} with 1 to 3 fields, anywhere in it, replaced by random values or cleared. */
    Message mutate(Message valid, List<String> changed) {
        Message.Builder b = valid.toBuilder();
        int n = values.random().nextInt(1, 4);
        for (int i = 0; i < n; i++) {
            mutateOne(b, 0, changed);
        }
        return b.build();
    }

    private void mutateOne(Message.Builder b, int depth, List<String> changed) {
        List<FieldDescriptor> fields = b.getDescriptorForType().getFields();
        if (fields.isEmpty()) {
            return;
        }
        // prefer the fields the valid message has: those are the ones a mutation can break
        List<FieldDescriptor> set = fields.stream().filter(f -> has(b, f)).toList();
        List<FieldDescriptor> from = !set.isEmpty() && values.random().nextInt(4) != 0 ? set : fields;
        FieldDescriptor f = from.get(values.random().nextInt(from.size()));
        boolean nestedMessage = f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated();
        if (nestedMessage && has(b, f) && depth < MAX_DEPTH && values.random().nextInt(3) != 0) {
            Message.Builder nested = ((Message) b.getField(f)).toBuilder();
            mutateOne(nested, depth + 1, changed);
            b.setField(f, nested.build());
            return;
        }
        changed.add(f.getName());
        if (values.random().nextInt(5) == 0) {
            b.clearField(f);
        } else if (f.isRepeated()) {
            b.clearField(f);
            int count = values.random().nextInt(1, 4);
            for (int i = 0; i < count; i++) {
                b.addRepeatedField(f, value(b, f, depth));
            }
        } else {
            b.setField(f, value(b, f, depth));
        }
    }

    private static boolean has(Message.Builder b, FieldDescriptor f) {
        return f.isRepeated() ? b.getRepeatedFieldCount(f) > 0 : b.hasField(f);
    }

    /**
     * {@code valid}'s bytes with one string field (at the top or one message down) given bytes
     * that are not UTF-8; the name of that field goes to {@code changed}. Null when the type has
     * no string field.
     */
    byte[] invalidUtf8(Message valid, List<String> changed) {
        Descriptor d = valid.getDescriptorForType();
        List<FieldDescriptor> strings = strings(d);
        byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        if (!strings.isEmpty() && values.random().nextBoolean()) {
            FieldDescriptor f = strings.get(values.random().nextInt(strings.size()));
            changed.add(f.getName());
            return concat(valid.toByteArray(), field(f.getNumber(), bad));
        }
        for (FieldDescriptor m : d.getFields()) {
            if (m.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    && !strings(m.getMessageType()).isEmpty()) {
                List<FieldDescriptor> inner = strings(m.getMessageType());
                FieldDescriptor f = inner.get(values.random().nextInt(inner.size()));
                changed.add(m.getName());
                changed.add(f.getName());
                return concat(valid.toByteArray(), field(m.getNumber(), field(f.getNumber(), bad)));
            }
        }
        if (strings.isEmpty()) {
            return null;
        }
        changed.add(strings.get(0).getName());
        return concat(valid.toByteArray(), field(strings.get(0).getNumber(), bad));
    }

    /** Random bytes: mostly not a message at all, sometimes one by chance. */
    byte[] garbage() {
        return values.bytes(values.random().nextInt(3) == 0 ? 4000 : 40);
    }

    private static List<FieldDescriptor> strings(Descriptor d) {
        return d.getFields().stream()
                .filter(f -> f.getType() == FieldDescriptor.Type.STRING)
                .toList();
    }

    private static byte[] field(int number, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            c.writeTag(number, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            c.writeUInt32NoTag(payload.length);
            c.writeRawBytes(payload);
            c.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
