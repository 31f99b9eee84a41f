/** jcri's own pause image, built in memory from the pause program the build compiles. */
@NullMarked
package io.jcri.adapters.containerd.pause;

import org.jspecify.annotations.NullMarked;
