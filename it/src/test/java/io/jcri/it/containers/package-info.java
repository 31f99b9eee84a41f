/** The container lifecycle on real containerd and runc, below the CRI edge. */
package io.jcri.it.containers;
