/** jcri's own pause image, built in memory from the pause program the build compiles. */
package io.jcri.adapters.containerd.pause;
