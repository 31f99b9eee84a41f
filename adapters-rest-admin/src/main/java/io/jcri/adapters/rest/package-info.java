/** jcri's read-only admin API (JSON, problem details, Server-Sent Events) and its dashboard page. */
@NullMarked
package io.jcri.adapters.rest;

import org.jspecify.annotations.NullMarked;
