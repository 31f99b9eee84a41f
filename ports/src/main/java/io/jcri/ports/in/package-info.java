/** Inbound ports: one interface per capability, one method per CRI verb. */
@NullMarked
package io.jcri.ports.in;

import org.jspecify.annotations.NullMarked;
