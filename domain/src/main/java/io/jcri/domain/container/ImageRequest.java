package io.jcri.domain.container;

import java.util.Map;

/**
 * What CreateContainer's {@code ImageSpec} said beyond the image itself, kept so status can give
 * it back: the image as the pod's author wrote it (the kubelet sends the image ID as the image
 * and the author's text here), the spec's annotations, and the runtime handler it was pulled for.
 */
public record ImageRequest(String userSpecified, Map<String, String> annotations, String runtimeHandler) {
    public static final ImageRequest NONE = new ImageRequest("", Map.of(), "");

    public ImageRequest {
        userSpecified = userSpecified == null ? "" : userSpecified;
        annotations = Map.copyOf(annotations == null ? Map.of() : annotations);
        runtimeHandler = runtimeHandler == null ? "" : runtimeHandler;
    }
}
