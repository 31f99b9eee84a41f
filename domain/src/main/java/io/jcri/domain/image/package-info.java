/** Container images: references, records, chain IDs and the pure rules around them. */
package io.jcri.domain.image;
