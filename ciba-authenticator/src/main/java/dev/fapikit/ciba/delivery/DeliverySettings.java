package dev.fapikit.ciba.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.Config;

/**
 * The server options of CIBA's outbound HTTP ({@code --spi-fapi-kit-ciba-delivery--default--*}), read once at start.
 * Until release 1.x they were options of the channel ({@code --spi-ciba-auth-channel--fapi-kit-device--*}, some under
 * other names); those names are still read, with a warning, when the new one is unset ({@link #LEGACY_NAMES}).
 *
 * @param webhookAllowedHosts hosts the realm's webhook may reach although not public (never client endpoints)
 * @param connectTimeout      TCP/TLS connect timeout of every outbound call (webhook, ping, push)
 * @param timeout             total time of one outbound call
 * @param maxAttempts         attempts per ping/push notification (network errors and 5xx only are retried)
 * @param backoffMillis       delay before the first retry; doubles each time
 * @param keyStore            the client certificate presented when a receiver asks for one, or null
 * @param keyStoreType        type of {@code keyStore}, for server info
 * @param deprecatedOptions   the legacy options that were set, as "old (use new)", for the start-up warning
 */
public record DeliverySettings(Set<String> webhookAllowedHosts, Duration connectTimeout, Duration timeout, int maxAttempts,
                               int backoffMillis, NotificationKeyStore keyStore, String keyStoreType, List<String> deprecatedOptions) {

    public static final String PREFIX = "--spi-" + CibaDeliverySpi.NAME + "--" + DefaultCibaDeliveryProviderFactory.PROVIDER_ID + "--";
    static final String LEGACY_PREFIX = "--spi-ciba-auth-channel--fapi-kit-device--";

    /** Comma-separated hosts or IP literals the realm's webhook may reach although they are internal. */
    public static final String WEBHOOK_ALLOWED_HOSTS = "webhook-allowed-hosts";
    /** Connect timeout of every CIBA outbound call (webhook, ping, push) in milliseconds. */
    public static final String CONNECT_TIMEOUT_MS = "outbound-connect-timeout-ms";
    static final int DEFAULT_CONNECT_TIMEOUT_MS = 2000;
    /** Overall timeout of one CIBA outbound call in milliseconds. */
    public static final String TIMEOUT_MS = "outbound-timeout-ms";
    static final int DEFAULT_TIMEOUT_MS = 5000;
    /** Attempts per CIBA ping/push notification; only network errors and 5xx answers are retried. */
    public static final String MAX_ATTEMPTS = "notification-max-attempts";
    static final int DEFAULT_MAX_ATTEMPTS = 3; // a restarted receiver gets a second chance; a dead one costs < 2 s
    /** Delay before the first retry in milliseconds; each further retry waits twice as long. */
    public static final String BACKOFF_MS = "notification-backoff-ms";
    static final int DEFAULT_BACKOFF_MS = 250;
    /** Key store with the client certificate presented to receivers that require mutual TLS. */
    public static final String KEY_STORE_FILE = "outbound-key-store-file";
    /** Password of that key store, also protecting its private key. */
    public static final String KEY_STORE_PASSWORD = "outbound-key-store-password";
    /** Type of that key store. */
    public static final String KEY_STORE_TYPE = "outbound-key-store-type";
    static final String DEFAULT_KEY_STORE_TYPE = "PKCS12"; // as Keycloak's own https-key-store-type

    /** Option of this provider → its deprecated name on {@code fapi-kit-device} (read only when the new one is unset). */
    public static final java.util.Map<String, String> LEGACY_NAMES = java.util.Map.of(
            WEBHOOK_ALLOWED_HOSTS, "webhook-allowed-hosts",
            CONNECT_TIMEOUT_MS, "webhook-connect-timeout-ms",
            TIMEOUT_MS, "webhook-timeout-ms",
            MAX_ATTEMPTS, "notification-max-attempts",
            BACKOFF_MS, "notification-backoff-ms",
            KEY_STORE_FILE, "notification-key-store-file",
            KEY_STORE_PASSWORD, "notification-key-store-password",
            KEY_STORE_TYPE, "notification-key-store-type");

    public DeliverySettings {
        webhookAllowedHosts = Set.copyOf(webhookAllowedHosts);
        deprecatedOptions = List.copyOf(deprecatedOptions);
    }

    /**
     * Reads the options; a value that cannot be used stops start-up with a message naming the option as it was set.
     *
     * @param legacy the channel's scope ({@code ciba-auth-channel}, {@code fapi-kit-device}), or null
     */
    public static DeliverySettings parse(Config.Scope config, Config.Scope legacy) {
        Reader r = new Reader(config, legacy);
        String[] hosts = r.array(WEBHOOK_ALLOWED_HOSTS);
        Set<String> allowed = hosts == null ? Set.of()
                : Arrays.stream(hosts).map(String::trim).filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
        int connect = r.integer(CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, 1);
        int timeout = r.integer(TIMEOUT_MS, DEFAULT_TIMEOUT_MS, 1);
        int attempts = r.integer(MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS, 1);
        int backoff = r.integer(BACKOFF_MS, DEFAULT_BACKOFF_MS, 0);
        String type = r.get(KEY_STORE_TYPE);
        type = type == null || type.isBlank() ? DEFAULT_KEY_STORE_TYPE : type.trim();
        NotificationKeyStore keyStore = keyStore(r, type);
        return new DeliverySettings(allowed, Duration.ofMillis(connect), Duration.ofMillis(timeout), attempts, backoff, keyStore, type,
                r.deprecated);
    }

    // The client notification endpoint (CIBA Core §10.2, §10.3) or the webhook may require Keycloak to authenticate
    // with a TLS client certificate (RFC 8446 §4.3.2 CertificateRequest). A setting that cannot be used stops start-up.
    private static NotificationKeyStore keyStore(Reader r, String type) {
        String file = r.get(KEY_STORE_FILE);
        String password = r.get(KEY_STORE_PASSWORD);
        if (file == null || file.isBlank()) {
            if (password != null) {
                throw new IllegalArgumentException(r.option(KEY_STORE_PASSWORD) + " is set but " + r.option(KEY_STORE_FILE)
                        + " is not: set the key store file too, or remove the password");
            }
            return null;
        }
        return NotificationKeyStore.load(Path.of(file.trim()), password == null ? new char[0] : password.toCharArray(), type,
                r.option(KEY_STORE_FILE), r.option(KEY_STORE_PASSWORD), r.option(KEY_STORE_TYPE));
    }

    /** Reads an option under its name, else under its legacy name, and remembers which one was used. */
    private static final class Reader {
        private final Config.Scope config;
        private final Config.Scope legacy;
        private final List<String> deprecated = new ArrayList<>();
        private final java.util.Map<String, String> used = new java.util.HashMap<>();

        Reader(Config.Scope config, Config.Scope legacy) {
            this.config = config;
            this.legacy = legacy;
        }

        String get(String name) {
            String value = config.get(name);
            if (value == null && legacy != null && (value = legacy.get(LEGACY_NAMES.get(name))) != null) {
                legacyUsed(name);
            }
            return value;
        }

        String[] array(String name) {
            String[] value = config.getArray(name);
            if (value == null && legacy != null && (value = legacy.getArray(LEGACY_NAMES.get(name))) != null) {
                legacyUsed(name);
            }
            return value;
        }

        int integer(String name, int defaultValue, int min) {
            String value = get(name);
            int n;
            try {
                n = value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option(name) + " must be a whole number, not '" + value + "'");
            }
            if (n < min) {
                throw new IllegalArgumentException(option(name) + " must be at least " + min + ", not " + n);
            }
            return n;
        }

        private void legacyUsed(String name) {
            used.put(name, LEGACY_PREFIX + LEGACY_NAMES.get(name));
            deprecated.add(LEGACY_PREFIX + LEGACY_NAMES.get(name) + " (use " + PREFIX + name + ")");
        }

        /** The option as the admin set it (the legacy name if that one was read). */
        String option(String name) {
            return used.getOrDefault(name, PREFIX + name);
        }
    }
}
