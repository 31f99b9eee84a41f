/** The one sealed family of errors the core throws; adapters map it to gRPC and HTTP. */
package io.jcri.domain.error;
