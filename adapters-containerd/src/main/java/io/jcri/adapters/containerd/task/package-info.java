/** containerd's containers, snapshots, leases, tasks and task events behind the ContainerRuntime port. */
package io.jcri.adapters.containerd.task;
