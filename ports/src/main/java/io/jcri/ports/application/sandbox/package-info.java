/** The pod sandbox verbs (run, stop, remove, status, list) and their recovery. */
@NullMarked
package io.jcri.ports.application.sandbox;

import org.jspecify.annotations.NullMarked;
