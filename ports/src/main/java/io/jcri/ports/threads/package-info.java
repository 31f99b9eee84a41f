/** Named daemon threads: the one factory of threads jcri uses. */
package io.jcri.ports.threads;
