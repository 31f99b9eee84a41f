/** Identity policies: object ids, name reservation, and the filters List calls apply. */
package io.jcri.domain.naming;
