package io.jcri.domain.json;

import io.jcri.domain.error.JcriException;
import java.util.Objects;

/**
 * A JSON value given as text (a seccomp profile read from a file, say) that {@link Json#write}
 * embeds as it is. The text is checked for being one JSON value when the record is made, so a
 * broken file cannot corrupt the document it is embedded in.
 */
public record RawJson(String text) {
    public RawJson {
        Objects.requireNonNull(text, "text");
        text = text.strip();
        try {
            JsonReader.parse(text);
        } catch (JcriException.InvalidArgument e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }
}
