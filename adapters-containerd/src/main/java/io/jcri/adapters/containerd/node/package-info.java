/** Facts about this node that OCI specs depend on, read from /proc and /sys. */
package io.jcri.adapters.containerd.node;
