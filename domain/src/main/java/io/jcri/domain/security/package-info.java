/** Security policies of jcri's OCI specs: capabilities, seccomp and AppArmor profiles, users from /etc/passwd. */
package io.jcri.domain.security;
