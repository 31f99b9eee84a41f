/** Contract tests of outbound ports, run against the fakes here and against the real adapters in it/. */
package io.jcri.ports.contract;
