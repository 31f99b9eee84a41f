/** jcri's use cases (in), what the core needs from the world (out), and the services joining them. */
package io.jcri.ports;
