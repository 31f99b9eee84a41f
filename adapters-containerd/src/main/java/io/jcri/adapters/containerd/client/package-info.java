/** The one gRPC channel to containerd, its namespace header and its error translation. */
package io.jcri.adapters.containerd.client;
