/** Container checkpoints on the node: the CRIU check, the archive layout around a task dump. */
@NullMarked
package io.jcri.adapters.containerd.checkpoint;

import org.jspecify.annotations.NullMarked;
