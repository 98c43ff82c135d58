package dev.fapikit.policies.keys;

import java.util.List;
import java.util.Map;

import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.core.policy.SimpleExecutorFactory;

import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;

import static dev.fapikit.core.policy.ProfileOptions.integer;

/** Creates the {@value #PROVIDER_ID} executor. */
public class ClientKeyStrengthExecutorFactory extends SimpleExecutorFactory {

    public static final String PROVIDER_ID = "fapi-kit-client-key-strength";

    public static final String MIN_RSA_KEY_SIZE = "min-rsa-key-size";
    /** FAPI 1.0 Part 1 §5.2.2-5, FAPI 2.0 Security Profile §5.4.1-2: RSA keys of at least 2048 bits. */
    public static final int DEFAULT_MIN_RSA_KEY_SIZE = 2048;

    public static final String MIN_EC_KEY_SIZE = "min-ec-key-size";
    /**
     * FAPI 1.0 Part 1 §5.2.2-6 allows 160 bits, FAPI 2.0 Security Profile §5.4.1-3 224 bits; FAPI Kit asks for
     * P-256 (the curve of ES256, the smallest one JOSE defines for signatures).
     */
    public static final int DEFAULT_MIN_EC_KEY_SIZE = 256;

    /**
     * Server-wide floor ({@code --spi-client-policy-executor--fapi-kit-client-key-strength--server-min-rsa-key-size}),
     * applied by the FAPI Kit client signature verifiers to every client-signed JWT in every realm, whatever the
     * policies. The same defaults: no current profile, FAPI or not, accepts weaker keys.
     */
    public static final String SERVER_MIN_RSA_KEY_SIZE = "server-min-rsa-key-size";
    /** Server-wide elliptic curve floor; see {@link #SERVER_MIN_RSA_KEY_SIZE}. */
    public static final String SERVER_MIN_EC_KEY_SIZE = "server-min-ec-key-size";

    private KeyFloor serverFloor = new KeyFloor(DEFAULT_MIN_RSA_KEY_SIZE, DEFAULT_MIN_EC_KEY_SIZE);

    public ClientKeyStrengthExecutorFactory() {
        super(PROVIDER_ID, ClientKeyStrengthExecutor::new,
                "Refuses client keys that are too weak (FAPI 1.0 Part 1 §5.2.2-5/-6, FAPI 2.0 Security Profile §5.4.1-2/-3): "
                        + "RSA keys below the minimum modulus size and elliptic curve keys below the minimum curve size, in the "
                        + "client's JWKS (including x5c certificates) and certificate when the client is registered or updated "
                        + "(admin console, admin API, dynamic registration), and the key that signs each client assertion, "
                        + "request object or signed CIBA request (also when it comes from jwks_uri) and the TLS client "
                        + "certificate, at every request.",
                integer(MIN_RSA_KEY_SIZE, "Minimum RSA key size", DEFAULT_MIN_RSA_KEY_SIZE,
                        "Smallest RSA modulus, in bits, accepted for a client key: in the client's JWKS or jwks_uri, its "
                                + "certificate, and any key that signs a client assertion, request object or signed CIBA "
                                + "request. FAPI 1.0 Advanced and FAPI 2.0 require 2048."),
                integer(MIN_EC_KEY_SIZE, "Minimum elliptic curve key size", DEFAULT_MIN_EC_KEY_SIZE,
                        "Smallest elliptic curve size, in bits, accepted for a client key (P-256 = 256, P-384 = 384, "
                                + "P-521 = 521; Ed25519 counts as 256). FAPI 1.0 Advanced allows 160, FAPI 2.0 224; "
                                + "the default 256 admits the curves JOSE defines."));
    }

    @Override
    public void init(Config.Scope config) {
        serverFloor = new KeyFloor(config.getInt(SERVER_MIN_RSA_KEY_SIZE, DEFAULT_MIN_RSA_KEY_SIZE),
                config.getInt(SERVER_MIN_EC_KEY_SIZE, DEFAULT_MIN_EC_KEY_SIZE));
    }

    /** @return the server-wide floor the client signature verifiers apply */
    KeyFloor serverFloor() {
        return serverFloor;
    }

    /** The server options ({@code --spi-client-policy-executor--fapi-kit-client-key-strength--<name>}), not the per-profile ones. */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return org.keycloak.provider.ProviderConfigurationBuilder.create()
                .property().name(SERVER_MIN_RSA_KEY_SIZE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_MIN_RSA_KEY_SIZE)
                .helpText("Smallest RSA key (bits) any client of any realm may sign with (client assertions, request objects, signed CIBA requests), whatever the realm's policies.").add()
                .property().name(SERVER_MIN_EC_KEY_SIZE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_MIN_EC_KEY_SIZE)
                .helpText("Smallest elliptic-curve key (bits) any client of any realm may sign with, whatever the realm's policies.").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new java.util.LinkedHashMap<>(BundleInfo.of(getClass()));
        info.put(SERVER_MIN_RSA_KEY_SIZE, String.valueOf(serverFloor.minRsaBits()));
        info.put(SERVER_MIN_EC_KEY_SIZE, String.valueOf(serverFloor.minEcBits()));
        return info;
    }
}
