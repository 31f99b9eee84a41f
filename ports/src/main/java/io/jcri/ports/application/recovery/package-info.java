/** Start-up recovery: its ordered phase with retries, the gate answering UNAVAILABLE until it is done, unfinished creations. */
@NullMarked
package io.jcri.ports.application.recovery;

import org.jspecify.annotations.NullMarked;
