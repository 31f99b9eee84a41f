/** Resource statistics from containerd: tasks' cgroup metrics (v1 and v2) and snapshot usage. */
@NullMarked
package io.jcri.adapters.containerd.stats;

import org.jspecify.annotations.NullMarked;
