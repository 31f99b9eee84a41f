package io.jcri.domain.image;

/** The images jcri carries inside itself, under a domain no registry has. */
public final class BuiltinImages {
    /** The registry domain of built-in images. */
    public static final String DOMAIN = "jcri.local";

    /** jcri's own pause image. */
    public static final String PAUSE = DOMAIN + "/jcri/pause:builtin";

    /** The value of {@code jcri.sandbox-image} that asks for {@link #PAUSE}. */
    public static final String BUILTIN_SETTING = "builtin";

    private BuiltinImages() {}
}
