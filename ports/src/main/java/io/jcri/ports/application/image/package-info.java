/** The image verbs: pulls with their layer downloads and progress, the image index, status, list and removal. */
@NullMarked
package io.jcri.ports.application.image;

import org.jspecify.annotations.NullMarked;
