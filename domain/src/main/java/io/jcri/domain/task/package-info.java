/** What the container engine keeps and does for jcri: container records, snapshots, leases, tasks, processes and their events. */
package io.jcri.domain.task;
