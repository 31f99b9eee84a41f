/** jcri's domain: records, sealed state types and pure policies, free of any framework. */
package io.jcri.domain;
