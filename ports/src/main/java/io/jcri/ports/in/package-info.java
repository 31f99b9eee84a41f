/** Inbound ports: one interface per capability, one method per CRI verb. */
package io.jcri.ports.in;
