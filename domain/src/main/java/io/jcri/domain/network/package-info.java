/** Pod network configuration as jcri understands it, independent of how it is loaded. */
package io.jcri.domain.network;
