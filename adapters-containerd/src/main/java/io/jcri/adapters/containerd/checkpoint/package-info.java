/** Container checkpoints on the node: the CRIU check, the archive layout around a task dump. */
package io.jcri.adapters.containerd.checkpoint;
