package dev.fapikit.ciba.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.Config;

/** The notification client certificate options of {@link DefaultCibaDeliveryProviderFactory}: usable, or start-up stops naming the option. */
class NotificationKeyStoreTest {

    private static final String PREFIX = "--spi-fapi-kit-ciba-delivery--default--";

    @TempDir
    Path dir;

    @Nested
    @DisplayName("Given no key store option")
    class NotConfigured {

        @Test
        @DisplayName("the factory starts and presents no client certificate")
        void noClientCertificate() {
            DefaultCibaDeliveryProviderFactory factory = init(Map.of());
            assertThat(factory.getOperationalInfo()).containsEntry(DeliverySettings.KEY_STORE_FILE, "");
        }

        @Test
        @DisplayName("a password alone is refused, naming both options")
        void passwordWithoutFile() {
            assertThatThrownBy(() -> init(Map.of(DeliverySettings.KEY_STORE_PASSWORD, "secret")))
                    .hasMessageContaining(PREFIX + "outbound-key-store-password")
                    .hasMessageContaining(PREFIX + "outbound-key-store-file");
        }
    }

    @Nested
    @DisplayName("Given a key store option")
    class Configured {

        @Test
        @DisplayName("a PKCS#12 file with a key entry is loaded and its certificate shown in server info")
        void keyEntryLoaded() throws Exception {
            Path p12 = keytoolKeyStore("PKCS12");
            DefaultCibaDeliveryProviderFactory factory = init(Map.of(DeliverySettings.KEY_STORE_FILE, p12.toString(),
                    DeliverySettings.KEY_STORE_PASSWORD, "changeit"));
            assertThat(factory.getOperationalInfo().get(DeliverySettings.KEY_STORE_FILE)).contains("CN=keycloak-notifier");
        }

        @Test
        @DisplayName("a JKS file is loaded with outbound-key-store-type=JKS")
        void jks() throws Exception {
            Path jks = keytoolKeyStore("JKS");
            DefaultCibaDeliveryProviderFactory factory = init(Map.of(DeliverySettings.KEY_STORE_FILE, jks.toString(),
                    DeliverySettings.KEY_STORE_PASSWORD, "changeit",
                    DeliverySettings.KEY_STORE_TYPE, "JKS"));
            assertThat(factory.getOperationalInfo().get(DeliverySettings.KEY_STORE_FILE)).contains("CN=keycloak-notifier");
        }

        @Test
        @DisplayName("a missing file stops start-up, naming the file option and the path")
        void missingFile() {
            Path missing = dir.resolve("nope.p12");
            assertThatThrownBy(() -> init(Map.of(DeliverySettings.KEY_STORE_FILE, missing.toString(),
                    DeliverySettings.KEY_STORE_PASSWORD, "changeit")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(PREFIX + "outbound-key-store-file").hasMessageContaining(missing.toString());
        }

        @Test
        @DisplayName("a wrong password stops start-up, naming the password option")
        void wrongPassword() throws Exception {
            Path p12 = emptyKeyStore("right");
            assertThatThrownBy(() -> init(Map.of(DeliverySettings.KEY_STORE_FILE, p12.toString(),
                    DeliverySettings.KEY_STORE_PASSWORD, "wrong")))
                    .hasMessageContaining(PREFIX + "outbound-key-store-password");
        }

        @Test
        @DisplayName("a key store without a private key stops start-up")
        void noKeyEntry() throws Exception {
            Path p12 = emptyKeyStore("changeit");
            assertThatThrownBy(() -> init(Map.of(DeliverySettings.KEY_STORE_FILE, p12.toString(),
                    DeliverySettings.KEY_STORE_PASSWORD, "changeit")))
                    .hasMessageContaining(PREFIX + "outbound-key-store-file").hasMessageContaining("no private key");
        }

        @Test
        @DisplayName("an unknown type stops start-up, naming the type option")
        void unknownType() throws Exception {
            Path p12 = emptyKeyStore("changeit");
            assertThatThrownBy(() -> init(Map.of(DeliverySettings.KEY_STORE_FILE, p12.toString(),
                    DeliverySettings.KEY_STORE_TYPE, "PEMX")))
                    .hasMessageContaining(PREFIX + "outbound-key-store-type");
        }
    }

    @Nested
    @DisplayName("Given the deprecated option names of fapi-kit-device")
    class Legacy {

        @Test
        @DisplayName("they are read when the new option is unset, and errors name the option as the admin set it")
        void legacyNamesStillRead() throws Exception {
            Path p12 = keytoolKeyStore("PKCS12");
            DefaultCibaDeliveryProviderFactory factory = new DefaultCibaDeliveryProviderFactory();
            factory.init(new MapScope(Map.of()), new MapScope(Map.of("notification-key-store-file", p12.toString(),
                    "notification-key-store-password", "changeit", "webhook-timeout-ms", "7000")));
            assertThat(factory.getOperationalInfo().get(DeliverySettings.KEY_STORE_FILE)).contains("CN=keycloak-notifier");
            assertThat(factory.getOperationalInfo()).containsEntry(DeliverySettings.TIMEOUT_MS, "7000");
            assertThat(factory.getOperationalInfo().get("deprecated-options-in-use"))
                    .contains("--spi-ciba-auth-channel--fapi-kit-device--webhook-timeout-ms (use " + PREFIX + "outbound-timeout-ms)");
            assertThatThrownBy(() -> new DefaultCibaDeliveryProviderFactory().init(new MapScope(Map.of()),
                    new MapScope(Map.of("notification-key-store-password", "x"))))
                    .hasMessageContaining("--spi-ciba-auth-channel--fapi-kit-device--notification-key-store-password");
        }

        @Test
        @DisplayName("the new name wins over the deprecated one")
        void newNameWins() {
            DefaultCibaDeliveryProviderFactory factory = new DefaultCibaDeliveryProviderFactory();
            factory.init(new MapScope(Map.of(DeliverySettings.TIMEOUT_MS, "9000")), new MapScope(Map.of("webhook-timeout-ms", "7000")));
            assertThat(factory.getOperationalInfo()).containsEntry(DeliverySettings.TIMEOUT_MS, "9000")
                    .containsEntry("deprecated-options-in-use", "");
        }
    }

    private static DefaultCibaDeliveryProviderFactory init(Map<String, String> options) {
        DefaultCibaDeliveryProviderFactory factory = new DefaultCibaDeliveryProviderFactory();
        factory.init(new MapScope(options), new MapScope(Map.of()));
        return factory;
    }

    private Path emptyKeyStore(String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        Path file = dir.resolve("empty-" + System.nanoTime() + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return file;
    }

    // The JDK's keytool makes a key entry with a self-signed certificate, as an admin would.
    private Path keytoolKeyStore(String type) throws Exception {
        Path file = dir.resolve("notifier." + type.toLowerCase());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-keystore", file.toString(), "-storetype", type, "-storepass", "changeit", "-keypass", "changeit",
                "-alias", "notifier", "-keyalg", "EC", "-dname", "CN=keycloak-notifier", "-validity", "2")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        return file;
    }

    static final class MapScope extends Config.AbstractScope {
        private final Map<String, String> values;

        MapScope(Map<String, String> values) {
            this.values = new HashMap<>(values);
        }

        @Override
        public String get(String key) {
            return values.get(key);
        }

        @Override
        public Config.Scope scope(String... path) {
            return new MapScope(Map.of());
        }

        @Override
        public Set<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public Config.Scope root() {
            return this;
        }
    }
}
