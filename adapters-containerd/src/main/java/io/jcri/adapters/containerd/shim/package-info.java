/** containerd's shim processes on this node, as /proc shows them: found by task id, ended by their own delete. */
package io.jcri.adapters.containerd.shim;
