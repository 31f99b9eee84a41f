/** What several use cases share: the rollback steps, per-object locks, task kills and the engine probe. */
@NullMarked
package io.jcri.ports.application.common;

import org.jspecify.annotations.NullMarked;
