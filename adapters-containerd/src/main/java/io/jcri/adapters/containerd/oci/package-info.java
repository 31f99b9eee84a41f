/** OCI image documents: parsing manifests, indexes and configs, and building images (layers, config, manifest, index). */
package io.jcri.adapters.containerd.oci;
