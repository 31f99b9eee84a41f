/** Container images: references, records, chain IDs and the pure rules around them. */
@NullMarked
package io.jcri.domain.image;

import org.jspecify.annotations.NullMarked;
