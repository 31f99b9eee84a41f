/** The CRI container log format: writing, splitting and reading back log lines. */
@NullMarked
package io.jcri.domain.log;

import org.jspecify.annotations.NullMarked;
