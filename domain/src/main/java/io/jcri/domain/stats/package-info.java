/** Resource statistics of containers and pods (CPU, memory, writable layer, network) and their rates. */
package io.jcri.domain.stats;
