/** Pod sandboxes as jcri tracks them: the entity, its states and where its files are. */
package io.jcri.domain.sandbox;
