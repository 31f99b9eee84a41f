package io.jcri.domain.runtime;

/**
 * What a runtime handler can do beyond the basics, as CRI Status reports it per handler.
 *
 * @param recursiveReadOnlyMounts whether the handler's OCI runtime takes the {@code rro} mount
 *     option and the kernel has {@code mount_setattr(2)}, so a read-only mount can be made
 *     read-only all the way down (its submounts too)
 */
public record HandlerFeatures(boolean recursiveReadOnlyMounts) {
    /** A handler that can do none of them. */
    public static final HandlerFeatures NONE = new HandlerFeatures(false);
}
