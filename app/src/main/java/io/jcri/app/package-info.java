/** jcri's entry point: configuration properties, bean wiring, the CRI socket and actuator contributions. */
package io.jcri.app;
