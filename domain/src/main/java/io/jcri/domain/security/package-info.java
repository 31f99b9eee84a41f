/** Security policies of jcri's OCI specs: capabilities, seccomp and AppArmor profiles, users from /etc/passwd. */
@NullMarked
package io.jcri.domain.security;

import org.jspecify.annotations.NullMarked;
