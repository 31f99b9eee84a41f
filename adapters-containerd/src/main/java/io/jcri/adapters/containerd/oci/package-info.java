/** OCI image documents: parsing manifests, indexes and configs, and building images (layers, config, manifest, index). */
@NullMarked
package io.jcri.adapters.containerd.oci;

import org.jspecify.annotations.NullMarked;
