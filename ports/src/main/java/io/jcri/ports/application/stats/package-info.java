/** Container and pod stats, and the metrics the CRI serves. */
@NullMarked
package io.jcri.ports.application.stats;

import org.jspecify.annotations.NullMarked;
