/** Outbound ports: what the core needs from containerd, CNI and the node, named by need. */
@NullMarked
package io.jcri.ports.out;

import org.jspecify.annotations.NullMarked;
