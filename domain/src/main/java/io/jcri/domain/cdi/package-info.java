/**
 * Container Device Interface: the devices of CDI spec files, resolving a container's request to
 * their edits, and applying those edits to its OCI spec.
 */
package io.jcri.domain.cdi;
