package io.jcri.domain.json;

import java.util.Objects;

/**
 * JSON text that {@link Json#write} produced, or that was checked once already (as a {@link
 * RawJson} when it was read): {@link Json#write} embeds it as it is. Unlike {@link RawJson} it is
 * not parsed again, so a large document (an OCI spec in a verbose ContainerStatus) costs a copy,
 * not a parse, each time it is embedded.
 */
public record WrittenJson(String text) {
    public WrittenJson {
        Objects.requireNonNull(text, "text");
    }
}
