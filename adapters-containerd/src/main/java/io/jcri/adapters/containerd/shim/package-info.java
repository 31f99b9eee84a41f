/** containerd's shim processes on this node, as /proc shows them: found by task id, ended by their own delete. */
@NullMarked
package io.jcri.adapters.containerd.shim;

import org.jspecify.annotations.NullMarked;
