/** Pod networking through CNI: config loading and watching, pinned network namespaces, plugin execution, results. */
package io.jcri.adapters.cni;
