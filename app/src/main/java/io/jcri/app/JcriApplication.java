package io.jcri.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** jcri: a CRI runtime on containerd. */
@SpringBootApplication
public class JcriApplication {

    public static void main(String[] args) {
        try {
            SpringApplication.run(JcriApplication.class, args);
        } catch (Throwable t) {
            System.err.println("jcri: cannot start: " + StartupFailure.oneLine(t));
            System.exit(1);
        }
    }
}
