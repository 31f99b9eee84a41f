/** The one sealed family of errors the core throws; adapters map it to gRPC and HTTP. */
@NullMarked
package io.jcri.domain.error;

import org.jspecify.annotations.NullMarked;
