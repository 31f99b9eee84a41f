/**
 * Resource statistics of containers and pods (CPU, memory, writable layer, network) and their
 * rates, and the CRI metrics catalogue ({@link io.jcri.domain.stats.MetricCatalog}) with the values
 * computed from a container's or pod's readings.
 */
@NullMarked
package io.jcri.domain.stats;

import org.jspecify.annotations.NullMarked;
