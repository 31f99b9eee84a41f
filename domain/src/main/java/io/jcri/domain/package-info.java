/** jcri's domain: records, sealed state types and pure policies, free of any framework. */
@NullMarked
package io.jcri.domain;

import org.jspecify.annotations.NullMarked;
