/** The node-local files of pod sandboxes: hostname, hosts, resolv.conf and the shm tmpfs. */
package io.jcri.adapters.containerd.sandbox;
