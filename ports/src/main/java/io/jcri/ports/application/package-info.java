/** Plain-Java services implementing the inbound ports over the outbound ones. */
package io.jcri.ports.application;
