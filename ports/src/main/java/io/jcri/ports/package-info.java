/** jcri's use cases (in), what the core needs from the world (out), and the services joining them. */
@NullMarked
package io.jcri.ports;

import org.jspecify.annotations.NullMarked;
