/** The internal event bus and the pod timelines read from it. */
@NullMarked
package io.jcri.ports.application.events;

import org.jspecify.annotations.NullMarked;
