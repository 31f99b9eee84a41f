/** Outbound ports: what the core needs from containerd, CNI and the node, named by need. */
package io.jcri.ports.out;
