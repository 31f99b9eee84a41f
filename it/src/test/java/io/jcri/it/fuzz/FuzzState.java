package io.jcri.it.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * What the run knows exists on the node: live pods and containers (refreshed from the lists),
 * IDs that existed and were removed, and image references; shared by the workers.
 */
final class FuzzState {
    private final String registry;
    private final String busybox;
    private final Object lock = new Object();
    private List<String> pods = List.of();
    private List<String> containers = List.of();
    private List<String> images = List.of();
    private final List<String> removed = new ArrayList<>();

    FuzzState(String registry, String busybox) {
        this.registry = registry;
        this.busybox = busybox;
    }

    String registry() {
        return registry;
    }

    String busybox() {
        return busybox;
    }

    /** Replaces the live sets with what the lists answered; IDs that went away count as removed. */
    void refresh(List<String> livePods, List<String> liveContainers, List<String> liveImages) {
        synchronized (lock) {
            for (String p : pods) {
                if (!livePods.contains(p) && !removed.contains(p)) {
                    removed.add(p);
                }
            }
            for (String c : containers) {
                if (!liveContainers.contains(c) && !removed.contains(c)) {
                    removed.add(c);
                }
            }
            while (removed.size() > 200) {
                removed.remove(0);
            }
            pods = List.copyOf(livePods);
            containers = List.copyOf(liveContainers);
            images = List.copyOf(liveImages);
        }
    }

    void addPod(String id) {
        synchronized (lock) {
            List<String> p = new ArrayList<>(pods);
            p.add(id);
            pods = p;
        }
    }

    void addContainer(String id) {
        synchronized (lock) {
            List<String> c = new ArrayList<>(containers);
            c.add(id);
            containers = c;
        }
    }

    Optional<String> somePod(SplittableRandom r) {
        return any(pods, r);
    }

    Optional<String> someContainer(SplittableRandom r) {
        return any(containers, r);
    }

    Optional<String> someImage(SplittableRandom r) {
        return any(images, r);
    }

    Optional<String> someRemoved(SplittableRandom r) {
        synchronized (lock) {
            return any(List.copyOf(removed), r);
        }
    }

    Optional<String> newestPod() {
        List<String> p = pods;
        return p.isEmpty() ? Optional.empty() : Optional.of(p.get(p.size() - 1));
    }

    Optional<String> newestContainer() {
        List<String> c = containers;
        return c.isEmpty() ? Optional.empty() : Optional.of(c.get(c.size() - 1));
    }

    int podCount() {
        return pods.size();
    }

    private static Optional<String> any(List<String> list, SplittableRandom r) {
        // the draw is the seed's; which object it lands on depends on what the node holds then
        int pick = r.nextInt(1 << 20);
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(pick % list.size()));
    }
}
