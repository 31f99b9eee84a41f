/** containerd's containers, snapshots, leases, tasks and task events behind the ContainerRuntime port. */
@NullMarked
package io.jcri.adapters.containerd.task;

import org.jspecify.annotations.NullMarked;
