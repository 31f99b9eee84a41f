/** Images in containerd: content writes under leases, unpack through the diff service, image records, snapshot usage. */
@NullMarked
package io.jcri.adapters.containerd.image;

import org.jspecify.annotations.NullMarked;
