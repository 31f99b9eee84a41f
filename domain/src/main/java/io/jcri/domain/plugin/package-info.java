/** What node resource plugins see of a container and the changes they make to its OCI spec. */
package io.jcri.domain.plugin;
