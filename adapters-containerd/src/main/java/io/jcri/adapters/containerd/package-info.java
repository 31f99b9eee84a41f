/** containerd behind jcri's outbound ports: the gRPC client, the engine adapter and managed containerd. */
@NullMarked
package io.jcri.adapters.containerd;

import org.jspecify.annotations.NullMarked;
