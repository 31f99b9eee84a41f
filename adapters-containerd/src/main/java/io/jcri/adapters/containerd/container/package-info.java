/** Node-side support of containers: status files, the JSON kept on their records, and what creation reads on the node. */
@NullMarked
package io.jcri.adapters.containerd.container;

import org.jspecify.annotations.NullMarked;
