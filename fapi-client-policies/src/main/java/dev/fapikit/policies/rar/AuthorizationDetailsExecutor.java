package dev.fapikit.policies.rar;

import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.Config;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.protocol.oidc.grants.ciba.clientpolicy.context.BackchannelAuthenticationRequestContext;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.fapikit.core.policy.ConfiguredExecutor;
import dev.fapikit.core.rar.AuthorizationDetails;
import dev.fapikit.core.rar.InvalidAuthorizationDetails;
import dev.fapikit.core.rar.PaymentInitiation;
import dev.fapikit.core.rar.RarSupport;

/**
 * RFC 9396 §5: checks {@code authorization_details} (form parameter or request object claim) when the request is pushed
 * (RFC 9126), at the authorization endpoint and at the CIBA backchannel authentication endpoint (CIBA Core 1.0 §7.1),
 * before the user sees anything, and answers
 * {@code invalid_authorization_details} with a description. Keycloak itself checks the type only at the authorization
 * endpoint and answers {@code invalid_request}; at the PAR endpoint it checks nothing.
 */
final class AuthorizationDetailsExecutor extends ConfiguredExecutor<AuthorizationDetailsExecutor.Configuration> {

    static final String PARAMETER = "authorization_details";

    /** Keycloak's session attribute with the verified claims of a signed CIBA backchannel authentication request. */
    static final String SIGNED_CIBA_REQUEST = "ParsedSignedAuthenticationRequest";

    /**
     * Keycloak's limit for one additional authorization request parameter ({@code --spi-login-protocol--openid-connect--
     * add-req-params-max-size}, 2000 by default): longer values are dropped at the authorization endpoint unless
     * {@code add-req-params-fail-fast} is on, and a payment must not be approved without its details.
     */
    static final String KEYCLOAK_MAX_SIZE = "add-req-params-max-size";
    static final int KEYCLOAK_DEFAULT_MAX_SIZE = 2000;

    AuthorizationDetailsExecutor(KeycloakSession session) {
        super(AuthorizationDetailsExecutorFactory.PROVIDER_ID, Configuration.class, Configuration::new, session);
    }

    /** Settings of one {@value AuthorizationDetailsExecutorFactory#PROVIDER_ID} executor. */
    public static class Configuration extends ClientPolicyExecutorConfigurationRepresentation {

        @JsonProperty(AuthorizationDetailsExecutorFactory.REQUIRE_REGISTERED_TYPES)
        protected Boolean requireRegisteredTypes;

        boolean requireRegisteredTypes() {
            return requireRegisteredTypes == null || requireRegisteredTypes;
        }
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        String details = switch (context.getEvent()) {
            case PUSHED_AUTHORIZATION_REQUEST -> {
                PushedAuthorizationRequestContext par = (PushedAuthorizationRequestContext) context;
                yield parameter(par.getRequest(), par.getRequestParameters());
            }
            case AUTHORIZATION_REQUEST -> {
                AuthorizationRequestContext authz = (AuthorizationRequestContext) context;
                yield parameter(authz.getAuthorizationEndpointRequest(), authz.getRequestParameters());
            }
            case BACKCHANNEL_AUTHENTICATION_REQUEST -> backchannelParameter((BackchannelAuthenticationRequestContext) context);
            default -> null;
        };
        if (details == null) {
            return;
        }
        // FAPI Kit's backchannel endpoint reads the parameter itself, with no length limit of Keycloak's in between
        int maxSize = context.getEvent() == ClientPolicyEvent.BACKCHANNEL_AUTHENTICATION_REQUEST ? Integer.MAX_VALUE : keycloakMaxSize();
        try {
            check(details, RarSupport.available(), RarSupport.supportedTypes(session), session.getContext().getClient(),
                    configuration.requireRegisteredTypes(), maxSize);
        } catch (InvalidAuthorizationDetails e) {
            throw new ClientPolicyException(InvalidAuthorizationDetails.ERROR, e.getMessage());
        }
    }

    /**
     * The checks, without Keycloak around them.
     *
     * @throws InvalidAuthorizationDetails what RFC 9396 §5 calls invalid, with a description
     */
    static void check(String details, boolean available, Set<String> supported, ClientModel client, boolean registeredOnly,
            int keycloakMaxSize) {
        if (!available) {
            throw new InvalidAuthorizationDetails(RarSupport.UNAVAILABLE);
        }
        if (details.length() > keycloakMaxSize) {
            throw new InvalidAuthorizationDetails("authorization_details is longer than this server accepts for a request "
                    + "parameter (" + keycloakMaxSize + " characters)");
        }
        AuthorizationDetails parsed = AuthorizationDetails.parse(details);
        for (String type : parsed.types()) {
            if (!supported.contains(type)) {
                throw new InvalidAuthorizationDetails("authorization_details type " + AuthorizationDetails.quoted(type)
                        + " is not supported; supported: " + String.join(", ", supported));
            }
        }
        if (registeredOnly) {
            Set<String> registered = RegisteredTypes.of(client);
            for (String type : parsed.types()) {
                if (!registered.contains(type)) {
                    throw new InvalidAuthorizationDetails("the client did not register authorization_details type "
                            + AuthorizationDetails.quoted(type) + " (authorization_details_types, RFC 9396 §10)");
                }
            }
        }
        for (ObjectNode entry : parsed.entries()) {
            if (PaymentInitiation.TYPE.equals(entry.get("type").asText())) {
                PaymentInitiation.parse(entry);
            }
        }
    }

    private static int keycloakMaxSize() {
        Integer configured = Config.scope("login-protocol", "openid-connect").getInt(KEYCLOAK_MAX_SIZE, KEYCLOAK_DEFAULT_MAX_SIZE);
        return configured == null ? KEYCLOAK_DEFAULT_MAX_SIZE : configured;
    }

    /**
     * CIBA Core 1.0 §7.1 backchannel authentication request: the claim of the signed request object (RFC 9396 §3, a JSON
     * array; Keycloak keeps the verified claims in session attribute {@value #SIGNED_CIBA_REQUEST}) when the request is
     * signed, else the form parameter.
     */
    private String backchannelParameter(BackchannelAuthenticationRequestContext context) {
        return backchannelParameter(context.getRequestParameters(), session.getAttribute(SIGNED_CIBA_REQUEST, JsonNode.class));
    }

    static String backchannelParameter(MultivaluedMap<String, String> form, JsonNode signedClaims) {
        boolean signed = form != null && (form.containsKey("request") || form.containsKey("request_uri"));
        if (!signed) {
            return form == null ? null : form.getFirst(PARAMETER);
        }
        JsonNode claim = signedClaims == null ? null : signedClaims.get(PARAMETER);
        return claim == null || claim.isNull() ? null : claim.isTextual() ? claim.asText() : claim.toString();
    }

    /** The request object's claim (RFC 9101) when Keycloak parsed one, else the form parameter. */
    private static String parameter(AuthorizationEndpointRequest request, MultivaluedMap<String, String> form) {
        String value = request == null || request.getAdditionalReqParams() == null ? null
                : request.getAdditionalReqParams().get(PARAMETER);
        if (value == null && form != null) {
            value = form.getFirst(PARAMETER);
        }
        return value;
    }
}
