/** The one gRPC channel to containerd, its namespace header and its error translation. */
@NullMarked
package io.jcri.adapters.containerd.client;

import org.jspecify.annotations.NullMarked;
