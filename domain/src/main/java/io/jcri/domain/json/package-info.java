/** A small JSON writer for the verbose info maps that CRI answers carry. */
package io.jcri.domain.json;
