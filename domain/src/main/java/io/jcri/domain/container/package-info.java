/** What the CRI asks of a pod sandbox or a container, as plain records the OCI spec is built from. */
package io.jcri.domain.container;
