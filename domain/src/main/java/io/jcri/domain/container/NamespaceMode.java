package io.jcri.domain.container;

/**
 * Whose namespace a pod or container uses: the pod's ({@code POD}), its own ({@code CONTAINER}),
 * the node's ({@code NODE}) or another container's ({@code TARGET}, PID only).
 */
public enum NamespaceMode {
    POD,
    CONTAINER,
    NODE,
    TARGET
}
