package io.jcri.domain.stats;

import java.util.List;
import java.util.Objects;

/** One reported value of a catalogue metric, with one label value per label key, in key order. */
public record MetricValue(MetricCatalog metric, List<String> labelValues, long value) {
    public MetricValue {
        Objects.requireNonNull(metric, "metric");
        labelValues = List.copyOf(labelValues);
        if (labelValues.size() != metric.labelKeys().size()) {
            throw new IllegalArgumentException("metric " + metric.metricName() + " has label keys " + metric.labelKeys()
                    + " but was given values " + labelValues);
        }
    }
}
