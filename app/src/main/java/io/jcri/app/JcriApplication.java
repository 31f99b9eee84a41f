package io.jcri.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** jcri: a CRI runtime on containerd. */
@SpringBootApplication
public class JcriApplication {

    /** The JDK HTTP client's read buffer for registry downloads (its default is 16 KiB). */
    static final String HTTP_CLIENT_BUFFER = "262144";

    public static void main(String[] args) {
        if (Usage.asked(args)) {
            System.out.print(Usage.text(args, System.getenv()));
            return;
        }
        // Layers arrive through the JDK HTTP client; with 256 KiB reads instead of 16 KiB it
        // spends less per byte (about 5 % off a 221 MB pull, scripts/bench-pull.sh). Set before
        // any client exists, as the JDK reads it once; an explicit -D wins.
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", HTTP_CLIENT_BUFFER);
        }
        try {
            SpringApplication.run(JcriApplication.class, args);
        } catch (Throwable t) {
            System.err.println(
                    "jcri: cannot start: " + StartupFailure.oneLine(t, ConfigFile.of(args, System.getenv())));
            System.exit(1);
        }
    }
}
