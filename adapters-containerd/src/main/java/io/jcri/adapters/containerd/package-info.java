/** containerd behind jcri's outbound ports: the gRPC client, the engine adapter and managed containerd. */
package io.jcri.adapters.containerd;
