/** The CRI (runtime.v1) gRPC services, their proto-domain mappers and the error mapping. */
@NullMarked
package io.jcri.adapters.cri;

import org.jspecify.annotations.NullMarked;
