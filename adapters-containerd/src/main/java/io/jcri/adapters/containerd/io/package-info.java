/** The node-local side of task stdio: FIFOs, the CRI log writer, the attach fan-out and ExecSync. */
@NullMarked
package io.jcri.adapters.containerd.io;

import org.jspecify.annotations.NullMarked;
