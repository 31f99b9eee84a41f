/** A small JSON writer for the verbose info maps that CRI answers carry. */
@NullMarked
package io.jcri.domain.json;

import org.jspecify.annotations.NullMarked;
