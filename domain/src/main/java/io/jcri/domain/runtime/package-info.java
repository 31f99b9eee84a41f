/** What jcri says about itself: versions and readiness conditions. */
package io.jcri.domain.runtime;
