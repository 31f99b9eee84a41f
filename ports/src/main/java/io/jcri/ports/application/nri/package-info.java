/** The node resource plugins as the pod and container use cases call them. */
@NullMarked
package io.jcri.ports.application.nri;

import org.jspecify.annotations.NullMarked;
