package dev.fapikit.policies.algorithm;

import dev.fapikit.core.metadata.SigningAlgorithms;
import dev.fapikit.core.policy.SimpleExecutorFactory;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.keycloak.crypto.Algorithm;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.util.JsonSerialization;

/** Creates the {@value #PROVIDER_ID} executor. */
public class SignatureAlgorithmExecutorFactory extends SimpleExecutorFactory {

    public static final String PROVIDER_ID = "fapi-kit-signature-algorithm";

    public static final String ALLOWED_ALGORITHMS = "allowed-algorithms";
    /** FAPI 1.0 Part 2 §8.6: PS256 or ES256 (FAPI 2.0 Security Profile §5.4.1-1 adds EdDSA, selectable). */
    public static final List<String> DEFAULT_ALLOWED_ALGORITHMS = List.of(Algorithm.PS256, Algorithm.ES256);
    /**
     * Algorithms an admin can select: RSASSA-PSS, ECDSA, EdDSA, and HMAC for client_secret_jwt, which FAPI 1.0 Part 1
     * §5.2.2-4 allows (profile fapi-kit-fapi-1-baseline). RS256 (FAPI 1.0 Part 2 §8.6: should not) and none are not.
     */
    public static final List<String> SELECTABLE_ALGORITHMS = List.of(Algorithm.PS256, Algorithm.PS384, Algorithm.PS512,
            Algorithm.ES256, Algorithm.ES384, Algorithm.ES512, Algorithm.EdDSA, Algorithm.HS256, Algorithm.HS384, Algorithm.HS512);

    public static final String DEFAULT_ALGORITHM = "default-algorithm";
    /**
     * Session attribute: the default algorithm of the profile that governs the client of a TOKEN_INTROSPECT request,
     * for the RFC 9701 responder to sign with when the client registered no {@code introspection_signed_response_alg}
     * (RFC 9701 §6's RS256 default would sign with an algorithm FAPI forbids and the profile's metadata omits).
     */
    public static final String INTROSPECTION_DEFAULT_ALG_ATTRIBUTE = SigningAlgorithms.INTROSPECTION_DEFAULT_ALG_ATTRIBUTE;
    public static final String DEFAULT_DEFAULT_ALGORITHM = Algorithm.PS256;

    public static final String AUTO_CONFIGURE = "auto-configure";
    /** On: a client without an algorithm would otherwise get the realm default (RS256) or accept {@code alg=none}. */
    public static final boolean DEFAULT_AUTO_CONFIGURE = true;

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = List.of(
            property(ALLOWED_ALGORITHMS, "Allowed algorithms",
                    "The only JWS algorithms a client may use or have the server use for it: ID token, userinfo, access "
                            + "token, token endpoint authentication, request object, JARM response, CIBA request and "
                            + "introspection response. Client assertions and request objects signed otherwise are "
                            + "refused. FAPI 1.0 Advanced allows PS256 and ES256, FAPI 2.0 also EdDSA. FAPI 1.0 Baseline "
                            + "also allows client_secret_jwt, whose assertions are HMAC-signed: add HS256 only for such "
                            + "a profile. 'none' is never allowed.",
                    ProviderConfigProperty.MULTIVALUED_LIST_TYPE, DEFAULT_ALLOWED_ALGORITHMS),
            property(DEFAULT_ALGORITHM, "Default algorithm",
                    "The algorithm auto-configure sets where a client has none. Must be one of the allowed algorithms, "
                            + "otherwise the first allowed algorithm is used. A client_secret_jwt client's token endpoint "
                            + "authentication algorithm is set to the first allowed HMAC algorithm (HS256) instead.",
                    ProviderConfigProperty.LIST_TYPE, DEFAULT_DEFAULT_ALGORITHM),
            new ProviderConfigProperty(AUTO_CONFIGURE, "Auto-configure",
                    "On: a client registered or updated without an algorithm gets the default algorithm (ID token, "
                            + "access token, token endpoint authentication, request object, JARM, CIBA request). Off: such "
                            + "a client is refused.",
                    ProviderConfigProperty.BOOLEAN_TYPE, DEFAULT_AUTO_CONFIGURE));

    private static ProviderConfigProperty property(String name, String label, String help, String type, Object defaultValue) {
        ProviderConfigProperty property = new ProviderConfigProperty(name, label, help, type, defaultValue);
        property.setOptions(SELECTABLE_ALGORITHMS);
        return property;
    }

    /**
     * @param configuration an executor configuration as stored in a client profile (may be {@code null})
     * @return the algorithms an executor with that configuration allows, {@code none} never among them
     */
    public static List<String> allowedAlgorithms(JsonNode configuration) {
        SignatureAlgorithmExecutor.Configuration config = configuration == null || configuration.isNull()
                ? new SignatureAlgorithmExecutor.Configuration()
                : JsonSerialization.mapper.convertValue(configuration, SignatureAlgorithmExecutor.Configuration.class);
        return config.allowedAlgorithms();
    }

    public SignatureAlgorithmExecutorFactory() {
        super(PROVIDER_ID, SignatureAlgorithmExecutor::new, CONFIG_PROPERTIES);
    }

    @Override
    public String getHelpText() {
        return "Allows exactly the configured JWS algorithms (default PS256 and ES256) for every signature of a client: "
                + "ID token, userinfo, access token, token endpoint authentication, request object, JARM "
                + "(authorization.signed.response.alg), CIBA authentication request and introspection response. "
                + "At registration and update it refuses other values and, with auto-configure, fills in missing ones "
                + "(not userinfo and introspection, whose absence asks for unsigned JSON); "
                + "at request time it refuses client assertions, request objects and signed CIBA requests signed "
                + "with another algorithm or unsigned (alg=none).";
    }
}
