/** Benchmarks run as commands (not tests): pulls by jcri against containerd's own client. */
package io.jcri.it.bench;
