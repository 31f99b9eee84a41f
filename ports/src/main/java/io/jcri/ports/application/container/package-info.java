/** The container verbs (create, start, stop, remove, queries, ExecSync, updates), their exits and recovery, image volumes. */
@NullMarked
package io.jcri.ports.application.container;

import org.jspecify.annotations.NullMarked;
