/** What happens on the node (pods, containers, images), as published on jcri's internal event bus. */
@NullMarked
package io.jcri.domain.event;

import org.jspecify.annotations.NullMarked;
