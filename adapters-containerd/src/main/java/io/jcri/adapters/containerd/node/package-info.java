/** Facts about this node that OCI specs depend on, read from /proc and /sys. */
@NullMarked
package io.jcri.adapters.containerd.node;

import org.jspecify.annotations.NullMarked;
