/** Pod networking through CNI: configuration loading and watching, (later) netns and plugin execution. */
package io.jcri.adapters.cni;
