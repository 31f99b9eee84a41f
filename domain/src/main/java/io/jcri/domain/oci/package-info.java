/** OCI runtime specs (config.json as runc reads it) for pod sandboxes and containers, and the policy that builds them. */
@NullMarked
package io.jcri.domain.oci;

import org.jspecify.annotations.NullMarked;
