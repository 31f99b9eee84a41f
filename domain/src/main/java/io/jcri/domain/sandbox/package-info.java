/** Pod sandboxes as jcri tracks them: the entity, its states and where its files are. */
@NullMarked
package io.jcri.domain.sandbox;

import org.jspecify.annotations.NullMarked;
