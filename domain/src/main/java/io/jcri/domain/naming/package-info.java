/** Identity policies: object ids, name reservation, and the filters List calls apply. */
@NullMarked
package io.jcri.domain.naming;

import org.jspecify.annotations.NullMarked;
