/** What the CRI asks of a pod sandbox or a container, as plain records the OCI spec is built from. */
@NullMarked
package io.jcri.domain.container;

import org.jspecify.annotations.NullMarked;
