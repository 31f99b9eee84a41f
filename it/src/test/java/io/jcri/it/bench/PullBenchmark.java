package io.jcri.it.bench;

import io.jcri.adapters.containerd.oci.OciImageBuilder;
import io.jcri.adapters.containerd.oci.OciImageBuilder.BuiltImage;
import io.jcri.cri.v1.ImageSpec;
import io.jcri.cri.v1.PullImageRequest;
import io.jcri.cri.v1.RemoveImageRequest;
import io.jcri.it.fixtures.ContainerdFixture;
import io.jcri.it.fixtures.JcriFixture;
import io.jcri.it.fixtures.RegistryFixture;
import io.jcri.it.fixtures.RegistryHostsFiles;
import io.jcri.it.fixtures.TestImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pulls one large image (5 layers of random data, over 200 MB compressed) from a local
 * docker-registry with jcri (CRI PullImage) and with {@code ctr image pull --plain-http}, into the
 * same containerd, with an empty content store before each run; prints the medians and the ratio.
 * A first, uncounted run warms up jcri's JIT.
 * Usage: {@code scripts/bench-pull.sh [runs] [layerMB]}.
 */
public final class PullBenchmark {
    private PullBenchmark() {}

    public static void main(String[] args) throws Exception {
        run(args);
        // the gRPC clients' event loops are not daemon threads
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int layerMb = args.length > 1 ? Integer.parseInt(args[1]) : 42;
        System.out.printf("building image: 5 layers x %d MB random data (+ busybox)%n", layerMb);
        OciImageBuilder.ImageBuilder b = OciImageBuilder.image().layer(TestImages.busyboxLayer());
        for (int i = 0; i < 5; i++) {
            b.layer(TestImages.randomLayer("data/layer" + i, layerMb * 1024 * 1024, 1000 + i));
        }
        BuiltImage image = b.cmd("sh").build();
        long bytes = image.layers().stream()
                .mapToLong(l -> l.blob().descriptor().size())
                .sum();
        System.out.printf(
                "image: %d layers, %.1f MB compressed%n", image.layers().size(), bytes / 1e6);

        try (RegistryFixture registry = RegistryFixture.open();
                ContainerdFixture containerd = ContainerdFixture.start()) {
            registry.pusher().push("bench/big", "1", image);
            String ref = registry.host() + "/bench/big:1";
            JcriFixture.Builder jb = JcriFixture.builder().containerd(containerd);
            RegistryHostsFiles.plainHttp(jb.dir().resolve("certs.d"), registry.host(), registry.host());
            try (JcriFixture jcri = jb.start()) {
                List<Double> jcriTimes = new ArrayList<>();
                List<Double> ctrTimes = new ArrayList<>();
                // run 0 warms up jcri's JIT (a daemon is warm when the kubelet pulls); not counted
                for (int run = 0; run <= runs; run++) {
                    emptyContentStore(containerd);
                    long t0 = System.nanoTime();
                    String id = jcri.images()
                            .pullImage(PullImageRequest.newBuilder()
                                    .setImage(ImageSpec.newBuilder().setImage(ref))
                                    .build())
                            .getImageRef();
                    double jt = (System.nanoTime() - t0) / 1e9;
                    if (!id.equals(image.id())) {
                        throw new IllegalStateException("jcri pulled " + id + ", expected " + image.id());
                    }
                    jcri.images()
                            .removeImage(RemoveImageRequest.newBuilder()
                                    .setImage(ImageSpec.newBuilder().setImage(ref))
                                    .build());
                    emptyContentStore(containerd);
                    long t1 = System.nanoTime();
                    String out = containerd.ctr("bench", "image", "pull", "--plain-http", ref);
                    double ct = (System.nanoTime() - t1) / 1e9;
                    if (!out.contains("done")) {
                        throw new IllegalStateException("ctr pull failed: " + out);
                    }
                    containerd.ctr("bench", "images", "rm", "--sync", ref);
                    if (run > 0) {
                        jcriTimes.add(jt);
                        ctrTimes.add(ct);
                    }
                    System.out.printf(
                            Locale.ROOT, "%s %d: jcri %.2fs  ctr %.2fs%n", run == 0 ? "warm-up" : "run", run, jt, ct);
                }
                double jm = Medians.of(jcriTimes);
                double cm = Medians.of(ctrTimes);
                System.out.printf(
                        Locale.ROOT,
                        "median over %d runs (%.1f MB, %d layers): jcri %.2fs (%.0f MB/s)  ctr %.2fs (%.0f MB/s)"
                                + "  ratio jcri/ctr = %.2f%n",
                        runs,
                        bytes / 1e6,
                        image.layers().size(),
                        jm,
                        bytes / 1e6 / jm,
                        cm,
                        bytes / 1e6 / cm,
                        jm / cm);
            }
        }
    }

    /** Removes every image in both namespaces with a synchronous GC, and checks no content is left. */
    private static void emptyContentStore(ContainerdFixture containerd) {
        for (String ns : List.of("k8s.io", "bench")) {
            for (String name : containerd.ctr(ns, "images", "ls", "-q").split("\\s+")) {
                if (!name.isBlank()) {
                    containerd.ctr(ns, "images", "rm", "--sync", name);
                }
            }
            for (String lease : containerd.ctr(ns, "leases", "ls", "-q").split("\\s+")) {
                if (!lease.isBlank()) {
                    containerd.ctr(ns, "leases", "rm", "--sync", lease);
                }
            }
            String left = containerd.ctr(ns, "content", "ls", "-q").trim();
            if (!left.isEmpty()) {
                throw new IllegalStateException("content store of " + ns + " not empty: " + left);
            }
        }
    }
}
