package io.jcri.app;

import java.time.Duration;

/**
 * {@code jcri.image.*}: image pulls (downloads at once, the progress timeout, the snapshotter of
 * handlers that name none) and what becomes of the volumes an image declares.
 */
public class ImageProperties {
    private int maxConcurrentDownloads = 3;
    private Duration pullProgressTimeout = Duration.ofMinutes(5);
    private String snapshotter = "overlayfs";
    private String volumes = "copy";

    public int getMaxConcurrentDownloads() {
        return maxConcurrentDownloads;
    }

    public void setMaxConcurrentDownloads(int maxConcurrentDownloads) {
        this.maxConcurrentDownloads = maxConcurrentDownloads;
    }

    public Duration getPullProgressTimeout() {
        return pullProgressTimeout;
    }

    public void setPullProgressTimeout(Duration pullProgressTimeout) {
        this.pullProgressTimeout = pullProgressTimeout;
    }

    public String getSnapshotter() {
        return snapshotter;
    }

    public void setSnapshotter(String snapshotter) {
        this.snapshotter = snapshotter;
    }

    /**
     * What becomes of an image config's {@code Volumes}: {@code copy} (a directory per volume
     * under the root directory, seeded from the image, bound writable; as containerd does) or
     * {@code ignore} (the paths stay part of the container's rootfs).
     */
    public String getVolumes() {
        return volumes;
    }

    public void setVolumes(String volumes) {
        this.volumes = volumes;
    }
}
