package dev.fapikit.policies.algorithm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.fapikit.core.policy.ConfiguredExecutor;
import dev.fapikit.core.registration.MetadataRefusal;
import dev.fapikit.policies.PresentedJwt;

import org.keycloak.models.CibaConfig;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;

/** Allows exactly the configured JWS algorithms for every signature of a client. */
final class SignatureAlgorithmExecutor extends ConfiguredExecutor<SignatureAlgorithmExecutor.Configuration> {

    /** RFC 9701 §4 {@code introspection_signed_response_alg}, as a Keycloak client attribute. */
    static final String INTROSPECTION_SIGNED_RESPONSE_ALG = "introspection.signed.response.alg";

    /** Client attributes naming a signing algorithm, which auto-configure fills in when missing. */
    static final List<String> FILLED_ATTRIBUTES = List.of(
            OIDCConfigAttributes.ID_TOKEN_SIGNED_RESPONSE_ALG,
            OIDCConfigAttributes.ACCESS_TOKEN_SIGNED_RESPONSE_ALG,
            OIDCConfigAttributes.TOKEN_ENDPOINT_AUTH_SIGNING_ALG,
            OIDCConfigAttributes.REQUEST_OBJECT_SIGNATURE_ALG,
            OIDCConfigAttributes.AUTHORIZATION_SIGNED_RESPONSE_ALG,
            CibaConfig.CIBA_BACKCHANNEL_AUTH_REQUEST_SIGNING_ALG);

    /**
     * Checked when present, never filled in: setting one is how a client asks for signed userinfo (OpenID Connect
     * Dynamic Client Registration §2: omitted means a JSON response) or signed introspection responses (RFC 9701 §6).
     */
    static final List<String> CHECKED_ATTRIBUTES = List.of(OIDCConfigAttributes.USER_INFO_RESPONSE_SIGNATURE_ALG,
            INTROSPECTION_SIGNED_RESPONSE_ALG);

    /** Keycloak's client authenticator id for {@code client_secret_jwt}. */
    static final String CLIENT_SECRET_JWT = "client-secret-jwt";

    SignatureAlgorithmExecutor(KeycloakSession session) {
        super(SignatureAlgorithmExecutorFactory.PROVIDER_ID, Configuration.class, Configuration::new, session);
    }

    /** Settings of one {@value SignatureAlgorithmExecutorFactory#PROVIDER_ID} executor in a client profile. */
    public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {

        @JsonProperty(SignatureAlgorithmExecutorFactory.ALLOWED_ALGORITHMS)
        private List<String> allowedAlgorithms;

        @JsonProperty(SignatureAlgorithmExecutorFactory.DEFAULT_ALGORITHM)
        private String defaultAlgorithm;

        @JsonProperty(SignatureAlgorithmExecutorFactory.AUTO_CONFIGURE)
        private Boolean autoConfigure;

        /** The configured list without {@code none}, which no configuration can allow (FAPI 2.0 Security Profile §5.4.1-1). */
        public List<String> allowedAlgorithms() {
            List<String> allowed = allowedAlgorithms == null || allowedAlgorithms.isEmpty()
                    ? SignatureAlgorithmExecutorFactory.DEFAULT_ALLOWED_ALGORITHMS : allowedAlgorithms;
            return allowed.stream().filter(alg -> !"none".equalsIgnoreCase(alg)).toList();
        }

        public String defaultAlgorithm() {
            List<String> allowed = allowedAlgorithms();
            String preferred = defaultAlgorithm == null ? SignatureAlgorithmExecutorFactory.DEFAULT_DEFAULT_ALGORITHM : defaultAlgorithm;
            return allowed.contains(preferred) || allowed.isEmpty() ? preferred : allowed.get(0);
        }

        public boolean autoConfigure() {
            return autoConfigure == null ? SignatureAlgorithmExecutorFactory.DEFAULT_AUTO_CONFIGURE : autoConfigure;
        }
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        switch (context.getEvent()) {
            case REGISTER, UPDATE -> checkAndFill(((ClientCRUDContext) context).getProposedClientRepresentation());
            case AUTHORIZATION_REQUEST, PUSHED_AUTHORIZATION_REQUEST, BACKCHANNEL_AUTHENTICATION_REQUEST, TOKEN_REQUEST,
                 SERVICE_ACCOUNT_TOKEN_REQUEST, TOKEN_REFRESH, TOKEN_REVOKE, TOKEN_INTROSPECT, BACKCHANNEL_TOKEN_REQUEST,
                 DEVICE_TOKEN_REQUEST, TOKEN_EXCHANGE_REQUEST, USERINFO_REQUEST -> {
                checkPresented(PresentedJwt.of(session, context));
                if (context.getEvent() == ClientPolicyEvent.TOKEN_INTROSPECT
                        && session.getAttribute(SignatureAlgorithmExecutorFactory.INTROSPECTION_DEFAULT_ALG_ATTRIBUTE) == null) {
                    session.setAttribute(SignatureAlgorithmExecutorFactory.INTROSPECTION_DEFAULT_ALG_ATTRIBUTE, configuration.defaultAlgorithm());
                }
            }
            default -> {
            }
        }
    }

    /** Refuses algorithms outside the list; fills in (auto-configure) or refuses missing ones. */
    void checkAndFill(ClientRepresentation client) throws ClientPolicyException {
        if (client == null) {
            return;
        }
        Map<String, String> attributes = client.getAttributes() == null ? new HashMap<>() : client.getAttributes();
        List<String> allowed = configuration.allowedAlgorithms();
        for (String attribute : FILLED_ATTRIBUTES) {
            String alg = attributes.get(attribute);
            if (alg == null || alg.isBlank()) {
                if (!configuration.autoConfigure()) {
                    throw new MetadataRefusal(attribute + " must be set to one of " + allowed);
                }
                attributes.put(attribute, filledAlgorithm(client, attribute));
            } else if (!allowed.contains(alg)) {
                throw refused(attribute, alg);
            }
        }
        for (String attribute : CHECKED_ATTRIBUTES) {
            String alg = attributes.get(attribute);
            if (alg != null && !alg.isBlank() && !allowed.contains(alg)) {
                throw refused(attribute, alg);
            }
        }
        client.setAttributes(attributes);
    }

    /**
     * The algorithm auto-configure fills in: the default, except for the token endpoint authentication algorithm of a
     * {@code client_secret_jwt} client, which signs its assertions with its secret (OpenID Connect Core §9, RFC 7523
     * §2.2) and is refused by Keycloak when they carry another algorithm than the registered one. Such a client gets
     * the first allowed HMAC algorithm (FAPI 1.0 Part 1 §5.2.2-4 allows client_secret_jwt), or the default when the
     * list has none (the profiles that forbid client secrets).
     */
    String filledAlgorithm(ClientRepresentation client, String attribute) {
        if (OIDCConfigAttributes.TOKEN_ENDPOINT_AUTH_SIGNING_ALG.equals(attribute)
                && CLIENT_SECRET_JWT.equals(client.getClientAuthenticatorType())) {
            for (String alg : configuration.allowedAlgorithms()) {
                if (alg.startsWith("HS")) {
                    return alg;
                }
            }
        }
        return configuration.defaultAlgorithm();
    }

    /** FAPI 1.0 Part 2 §8.6, FAPI 2.0 Security Profile §5.4.1-1: the JWTs a client signs use an allowed algorithm. */
    void checkPresented(List<PresentedJwt> jwts) throws ClientPolicyException {
        List<String> allowed = configuration.allowedAlgorithms();
        for (PresentedJwt jwt : jwts) {
            String alg = jwt.algorithm();
            if (alg == null || !allowed.contains(alg)) {
                throw jwt.kind().refusal("is signed with " + (alg == null ? "no algorithm" : "'" + alg + "'")
                        + "; allowed are " + allowed);
            }
        }
    }

    private ClientPolicyException refused(String attribute, String alg) {
        return new MetadataRefusal(attribute + " '" + alg + "' is not allowed; allowed are " + configuration.allowedAlgorithms());
    }
}
