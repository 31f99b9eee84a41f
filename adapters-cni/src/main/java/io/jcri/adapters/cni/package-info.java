/** Pod networking through CNI: config loading and watching, pinned network namespaces, plugin execution, results. */
@NullMarked
package io.jcri.adapters.cni;

import org.jspecify.annotations.NullMarked;
