/** Pod network configuration as jcri understands it, independent of how it is loaded. */
@NullMarked
package io.jcri.domain.network;

import org.jspecify.annotations.NullMarked;
