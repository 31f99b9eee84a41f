/** Named daemon threads: the one factory of threads jcri uses. */
@NullMarked
package io.jcri.ports.threads;

import org.jspecify.annotations.NullMarked;
