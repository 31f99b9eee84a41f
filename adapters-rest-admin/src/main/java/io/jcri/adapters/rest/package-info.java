/** jcri's read-only admin API (JSON, problem details, Server-Sent Events) and its dashboard page. */
package io.jcri.adapters.rest;
