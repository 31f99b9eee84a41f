package io.jcri.domain.container;

/**
 * What the node found at a device's host path: the node type ({@code 'c'} character, {@code 'b'}
 * block), major and minor numbers, and the file mode bits, owner and group to give the node made
 * in the container.
 */
public record DeviceNode(char type, long major, long minor, int fileMode, long uid, long gid) {
    public DeviceNode {
        if (type != 'c' && type != 'b' && type != 'u' && type != 'p') {
            throw new IllegalArgumentException("device type must be c, b, u or p, not " + type);
        }
    }
}
