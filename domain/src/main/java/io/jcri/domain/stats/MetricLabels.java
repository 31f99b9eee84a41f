package io.jcri.domain.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * The base label values of one container's (or one pod's) metrics, in the order of {@link
 * MetricCatalog#BASE_LABEL_KEYS}. A pod's own metrics name the container {@link #POD}.
 *
 * @param container the container's name
 * @param id the container's (or the pod's) id
 * @param image the container's image (a pod's: its sandbox image)
 * @param namespace the pod's namespace
 * @param pod the pod's name
 */
public record MetricLabels(String container, String id, String image, String namespace, String pod) {
    public static final String POD = "POD";

    public MetricLabels {
        container = container == null ? "" : container;
        id = id == null ? "" : id;
        image = image == null ? "" : image;
        namespace = namespace == null ? "" : namespace;
        pod = pod == null ? "" : pod;
    }

    /** The base values, then {@code extra} (the metric's own labels, in its key order). */
    public List<String> values(String... extra) {
        List<String> out = new ArrayList<>(List.of(container, id, image, namespace, pod));
        out.addAll(List.of(extra));
        return out;
    }
}
