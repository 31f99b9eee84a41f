/** The CRI (runtime.v1) gRPC services, their proto-domain mappers and the error mapping. */
package io.jcri.adapters.cri;
