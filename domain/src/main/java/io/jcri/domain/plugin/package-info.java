/** What node resource plugins see of a container and the changes they make to its OCI spec. */
@NullMarked
package io.jcri.domain.plugin;

import org.jspecify.annotations.NullMarked;
