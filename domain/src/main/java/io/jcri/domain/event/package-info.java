/** What happens on the node (pods, containers, images), as published on jcri's internal event bus. */
package io.jcri.domain.event;
