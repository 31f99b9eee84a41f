package io.jcri.domain.cdi;

import io.jcri.domain.error.JcriException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CDI devices of the spec files found, and the resolution of a container's request. Specs
 * come by directory in priority order, lowest first: a device defined in a later directory
 * replaces one of the same name in an earlier one; two files of one directory defining the same
 * device are a conflict, refused when that device is asked for.
 */
public final class CdiRegistry {
    /** The annotation prefix the kubelet's device plugins use to ask for CDI devices. */
    public static final String ANNOTATION_PREFIX = "cdi.k8s.io/";

    public static final CdiRegistry EMPTY = new CdiRegistry(List.of(), Map.of());

    private final Map<String, Entry> devices = new LinkedHashMap<>();
    private final Map<String, String> conflicts = new LinkedHashMap<>();
    private final Map<String, String> broken;

    private record Entry(CdiSpec spec, String device) {}

    /**
     * @param byPriority the specs of each directory, lowest priority first
     * @param broken files that could not be read, with why (named when a device is not found)
     */
    public CdiRegistry(List<List<CdiSpec>> byPriority, Map<String, String> broken) {
        this.broken = Map.copyOf(broken);
        for (List<CdiSpec> dir : byPriority) {
            Map<String, Entry> here = new LinkedHashMap<>();
            Map<String, String> clashes = new LinkedHashMap<>();
            for (CdiSpec spec : dir) {
                for (String device : spec.devices().keySet()) {
                    String name = spec.qualified(device);
                    Entry before = here.put(name, new Entry(spec, device));
                    if (before != null) {
                        clashes.put(name, before.spec().file() + " and " + spec.file());
                    }
                }
            }
            // a higher directory's definition replaces a lower one's, and a lower one's conflict
            here.keySet().forEach(conflicts::remove);
            devices.putAll(here);
            conflicts.putAll(clashes);
        }
    }

    /** Every device's fully qualified name. */
    public Set<String> names() {
        return devices.keySet();
    }

    /**
     * The devices a container asks for: its CRI {@code CDI_devices}, then the comma-separated
     * values of its {@code cdi.k8s.io/} annotations (in key order), each once.
     */
    public static List<String> requested(List<String> cdiDevices, Map<String, String> annotations) {
        Set<String> out = new LinkedHashSet<>();
        cdiDevices.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        annotations.entrySet().stream()
                .filter(e -> e.getKey().startsWith(ANNOTATION_PREFIX))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    for (String n : e.getValue().split(",")) {
                        if (!n.isBlank()) {
                            out.add(n.trim());
                        }
                    }
                });
        return new ArrayList<>(out);
    }

    /**
     * The edits of the named devices: each spec's own edits once (before its first device's),
     * then each device's.
     *
     * @throws JcriException.InvalidArgument naming the first device that is not qualified, not
     *     known, or defined twice at one priority
     */
    public CdiEdits resolve(String containerName, List<String> names) {
        CdiEdits out = CdiEdits.NONE;
        Set<CdiSpec> specsDone = new LinkedHashSet<>();
        for (String name : names) {
            String what = "container \"" + containerName + "\": CDI device \"" + name + "\"";
            if (!name.contains("=") || !name.contains("/")) {
                throw new JcriException.InvalidArgument(
                        what + " is not a fully qualified name (vendor.com/class=name)");
            }
            if (conflicts.containsKey(name)) {
                throw new JcriException.InvalidArgument(what + " is defined twice, in " + conflicts.get(name));
            }
            Entry e = devices.get(name);
            if (e == null) {
                throw new JcriException.InvalidArgument(what + " is not defined in any CDI spec"
                        + (devices.isEmpty()
                                ? " (none found)"
                                : " (known: " + String.join(", ", new java.util.TreeSet<>(devices.keySet())) + ")")
                        + (broken.isEmpty() ? "" : "; unreadable spec files: " + broken));
            }
            if (specsDone.add(e.spec())) {
                out = out.plus(e.spec().containerEdits());
            }
            out = out.plus(e.spec().devices().get(e.device()));
        }
        return out;
    }
}
