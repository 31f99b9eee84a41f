/** Containers' image volumes on the node: view snapshots mounted read-only under jcri's state directory. */
package io.jcri.adapters.containerd.volume;
