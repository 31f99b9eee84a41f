/**
 * NRI (the Node Resource Interface, containerd's plugin protocol): jcri's runtime side of it, a
 * socket plugins connect to, with ttrpc framing and NRI's connection multiplexer written here.
 */
@NullMarked
package io.jcri.adapters.containerd.nri;

import org.jspecify.annotations.NullMarked;
