/** Containers' image volumes on the node: view snapshots mounted read-only under jcri's state directory. */
@NullMarked
package io.jcri.adapters.containerd.volume;

import org.jspecify.annotations.NullMarked;
