package io.jcri.domain.security;

/** One line of an /etc/passwd file: user name, uid, primary gid, home directory and shell. */
public record PasswdEntry(String name, long uid, long gid, String home, String shell) {}
