/** The in-memory caches of sandboxes and containers, rebuilt by recovery. */
@NullMarked
package io.jcri.ports.application.store;

import org.jspecify.annotations.NullMarked;
