package io.jcri.app;

import java.util.Comparator;
import java.util.List;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Checks jcri's configuration as soon as the environment is complete (the file imported), before
 * any bean, web server or containerd is started, so a bad configuration stops jcri with one line:
 * a {@code jcri.config} naming a missing file, a {@code jcri.*} key jcri does not know in the
 * file or among the arguments (a misspelt key would otherwise be ignored without a word), and
 * every value {@link JcriPropertiesValidator} and the wirings check. Environment variables are
 * not checked for unknown keys: a node's environment may hold any {@code JCRI_*} variable.
 */
public class JcriConfigCheck implements EnvironmentPostProcessor, Ordered {

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        ConfigFile file = ConfigFile.of(environment);
        if (file.explicit() && !file.exists()) {
            throw new InvalidConfigurationException(ConfigFile.KEY, "no such file: " + file.path());
        }
        if (file.exists()) {
            for (PropertySource<?> document : file.read()) {
                refuseUnknownKeys(document, "in " + file.path());
            }
        }
        PropertySource<?> args = environment.getPropertySources().get("commandLineArgs");
        if (args != null) {
            refuseUnknownKeys(args, "(command-line argument)");
        }
        JcriProperties p = Binder.get(environment).bindOrCreate("jcri", Bindable.of(JcriProperties.class));
        validate(p, environment.getProperty("server.address", ""));
    }

    /** Every value check jcri makes of its configuration. */
    static void validate(JcriProperties p, String serverAddress) {
        JcriPropertiesValidator.validate(p, serverAddress);
    }

    /** Binds {@code jcri.*} from {@code source} alone; a key that binds to nothing is refused, named. */
    static void refuseUnknownKeys(PropertySource<?> source, String where) {
        Binder binder = new Binder(ConfigurationPropertySources.from(source));
        try {
            binder.bind(
                    "jcri", Bindable.of(JcriProperties.class), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
        } catch (BindException e) {
            if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
                List<ConfigurationProperty> keys = unbound.getUnboundProperties().stream()
                        .sorted(Comparator.comparing(k -> k.getName().toString()))
                        .toList();
                ConfigurationProperty first = keys.get(0);
                throw new InvalidConfigurationException(
                        first.getName().toString(),
                        "unknown key " + where + line(first.getOrigin())
                                + (keys.size() > 1 ? " (and " + (keys.size() - 1) + " more)" : ""));
            }
            throw e;
        }
    }

    private static String line(Origin origin) {
        Origin o = origin instanceof PropertySourceOrigin wrapped ? wrapped.getOrigin() : origin;
        if (o instanceof TextResourceOrigin text && text.getLocation() != null) {
            return ", line " + (text.getLocation().getLine() + 1);
        }
        return "";
    }
}
