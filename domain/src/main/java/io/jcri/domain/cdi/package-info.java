/**
 * Container Device Interface: the devices of CDI spec files, resolving a container's request to
 * their edits, and applying those edits to its OCI spec.
 */
@NullMarked
package io.jcri.domain.cdi;

import org.jspecify.annotations.NullMarked;
