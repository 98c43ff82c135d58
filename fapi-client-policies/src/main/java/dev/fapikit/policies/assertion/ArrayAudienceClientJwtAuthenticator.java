package dev.fapikit.policies.assertion;

import java.util.Objects;

import dev.fapikit.core.metadata.BundleReportingFactory;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.ClientAssertionState;
import org.keycloak.authentication.authenticators.client.ClientAuthUtil;
import org.keycloak.authentication.authenticators.client.JWTClientAuthenticator;
import org.keycloak.authentication.authenticators.client.JWTClientValidator;
import org.keycloak.models.ClientModel;
import org.keycloak.representations.JsonWebToken;

import jakarta.ws.rs.core.Response;

/**
 * Keycloak's {@code client-jwt} authenticator ({@code private_key_jwt}), unchanged for every assertion except one whose
 * {@code aud} is an array of more than one value, sent by a client that a FAPI 1.0 profile marked
 * ({@link ClientAssertionAudience#ATTR_ARRAY_AUDIENCE}): that assertion is validated by Keycloak's own validator with
 * multiple audiences allowed, so an array that contains the server's identifier is accepted (RFC 7523 §3: "The JWT
 * MAY contain an aud claim that is an array"; the conformance suite's
 * {@code fapi1-advanced-final-test-array-as-audience-for-client-JWT-assertion}). Every other check (signature,
 * algorithm, issuer = subject = client, expiry, single use of {@code jti}) is Keycloak's. Without the mark, Keycloak's
 * answer stands ("Multiple audiences not allowed"), as it does for clients under a FAPI 2.0 profile (Security Profile
 * §5.3.2.1: the issuer as a single string), whose executor removes the mark. Keycloak's server option
 * {@code --spi-login-protocol--openid-connect--allow-multiple-audiences-for-jwt-client-authentication} keeps working
 * for all clients.
 */
public class ArrayAudienceClientJwtAuthenticator extends JWTClientAuthenticator implements BundleReportingFactory {

    private static final Logger LOG = Logger.getLogger(ArrayAudienceClientJwtAuthenticator.class);

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        ClientAssertionState state;
        JsonWebToken token;
        try {
            state = context.getState(ClientAssertionState.class, ClientAssertionState.supplier());
            token = state.getToken();
        } catch (Exception e) {
            super.authenticateClient(context);
            return;
        }
        if (token == null || token.getAudience() == null || token.getAudience().length < 2
                || !Objects.equals(token.getIssuer(), token.getSubject())) {
            super.authenticateClient(context);
            return;
        }
        ClientModel client = state.getClient() != null ? state.getClient() : context.getRealm().getClientByClientId(token.getSubject());
        if (!ClientAssertionAudience.allowsArray(client)) {
            super.authenticateClient(context);
            return;
        }
        if (state.getClient() == null) {
            state.setClient(client);
        }
        try {
            JWTClientValidator validator = new JWTClientValidator(context, this::verifySignature, getId()) {
                @Override
                protected boolean isMultipleAudienceAllowed() {
                    return true;
                }
            };
            if (validator.validate()) {
                // the profile's executor checks the mark again once the policies run (ArrayAudienceExecutor)
                context.getSession().setAttribute(ClientAssertionAudience.SESSION_ARRAY_ACCEPTED, client.getId());
                context.success();
            }
        } catch (Exception e) {
            LOG.debugf(e, "client assertion with an array audience from client '%s' not valid", client.getClientId());
            Response challenge = ClientAuthUtil.errorResponse(Response.Status.BAD_REQUEST.getStatusCode(), OAuthErrorException.INVALID_CLIENT,
                    "Client authentication with signed JWT failed");
            context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, challenge);
        }
    }
}
