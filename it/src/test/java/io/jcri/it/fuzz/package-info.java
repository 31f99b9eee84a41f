/** The CRI fuzz harness: generated and mutated requests of every RPC against a real jcri, with its checks. */
package io.jcri.it.fuzz;
