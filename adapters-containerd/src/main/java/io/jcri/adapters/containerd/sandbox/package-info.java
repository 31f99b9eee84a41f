/** The node-local files of pod sandboxes: hostname, hosts, resolv.conf and the shm tmpfs. */
@NullMarked
package io.jcri.adapters.containerd.sandbox;

import org.jspecify.annotations.NullMarked;
