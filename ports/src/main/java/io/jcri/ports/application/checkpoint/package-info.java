/** The checkpoint verbs: CheckpointContainer, CheckpointPod, RestorePod, and the restore check of CreateContainer. */
@NullMarked
package io.jcri.ports.application.checkpoint;

import org.jspecify.annotations.NullMarked;
