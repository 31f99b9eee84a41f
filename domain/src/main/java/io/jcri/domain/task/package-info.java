/** What the container engine keeps and does for jcri: container records, snapshots, leases, tasks, processes and their events. */
@NullMarked
package io.jcri.domain.task;

import org.jspecify.annotations.NullMarked;
