/** The CRI container log format: writing, splitting and reading back log lines. */
package io.jcri.domain.log;
