/** What jcri says about itself: versions and readiness conditions. */
@NullMarked
package io.jcri.domain.runtime;

import org.jspecify.annotations.NullMarked;
