/** The runtime handlers and the Status verb. */
@NullMarked
package io.jcri.ports.application.runtime;

import org.jspecify.annotations.NullMarked;
