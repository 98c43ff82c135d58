package dev.fapikit.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Paths Maven wrote into {@code fapi-kit-harness.properties} at build time; each can be overridden with a system
 * property of the same name prefixed {@code fapikit.} (e.g. {@code -Dfapikit.providers.dir=...}).
 */
public record HarnessSettings(String keycloakVersion, Path distZip, Path providersDir, Path projectRoot) {

    public static HarnessSettings load() {
        Properties p = new Properties();
        try (InputStream in = HarnessSettings.class.getResourceAsStream("/fapi-kit-harness.properties")) {
            if (in == null) {
                throw new IllegalStateException("fapi-kit-harness.properties missing: build it-tests with Maven first");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HarnessSettings(
                get(p, "keycloak.version"),
                Path.of(get(p, "keycloak.dist.zip")),
                Path.of(get(p, "providers.dir")),
                Path.of(get(p, "project.root")));
    }

    private static String get(Properties p, String key) {
        return System.getProperty("fapikit." + key, p.getProperty(key));
    }

    /** The realm import files users get. */
    public Path realmsDir() {
        return projectRoot.resolve("docker/realms");
    }

    /** The shared server configuration (runner, harness, image). */
    public Path keycloakConf() {
        return projectRoot.resolve("docker/keycloak.conf");
    }

    /** The TLS layer's trust setting (RFC 8705 §2.2: trust decisions belong to the client authenticators). */
    public Path quarkusProperties() {
        return projectRoot.resolve("docker/quarkus.properties");
    }
}
