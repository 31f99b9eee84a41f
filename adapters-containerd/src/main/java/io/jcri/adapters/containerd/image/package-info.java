/** Images in containerd: content writes under leases, unpack through the diff service, image records, snapshot usage. */
package io.jcri.adapters.containerd.image;
