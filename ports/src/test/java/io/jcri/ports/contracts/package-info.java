/** Contract tests of the outbound ports, shared (test-jar) with the adapters that implement them. */
package io.jcri.ports.contracts;
