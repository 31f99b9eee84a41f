/** Exec, attach and port-forward sessions behind single-use tokens. */
@NullMarked
package io.jcri.ports.application.streaming;

import org.jspecify.annotations.NullMarked;
