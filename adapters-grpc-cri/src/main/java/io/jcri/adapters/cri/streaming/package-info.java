/** The streaming server: exec, attach and port-forward over SPDY/3.1 and WebSocket upgrades. */
@NullMarked
package io.jcri.adapters.cri.streaming;

import org.jspecify.annotations.NullMarked;
