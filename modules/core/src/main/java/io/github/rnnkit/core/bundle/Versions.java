package io.github.rnnkit.core.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** rnnkit's and DL4J's versions and the ND4J backend classifier this build was made with. */
public final class Versions {
    private static final Properties PROPS = load();

    private Versions() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/io/github/rnnkit/core/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rnnkit's version.properties", e);
        }
        return p;
    }

    public static String rnnkit() {
        return PROPS.getProperty("rnnkit.version", "unknown");
    }

    public static String dl4j() {
        return PROPS.getProperty("dl4j.version", "unknown");
    }

    public static String nd4jClassifier() {
        return PROPS.getProperty("nd4j.classifier", "unknown");
    }
}
