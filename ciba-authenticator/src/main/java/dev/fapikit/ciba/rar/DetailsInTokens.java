package dev.fapikit.ciba.rar;

import java.util.List;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.rar.AuthorizationDetailsProcessorManager;
import org.keycloak.protocol.oidc.rar.InvalidAuthorizationDetailsException;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;

import dev.fapikit.core.rar.ApprovedDetails;
import dev.fapikit.core.rar.InvalidAuthorizationDetails;

/**
 * Keycloak 26.5+ only (names the typed processor SPI and the tokens' {@code authorization_details}): reached only for a
 * request that carries details, which the backchannel endpoint refuses on 26.4. Puts the approved details into the
 * CIBA tokens the way Keycloak's code grant does: the client session notes (Keycloak's {@value #DETAILS_NOTE} and
 * FAPI Kit's approval fingerprint, which the {@code payment_initiation} processor requires), Keycloak's processors
 * over the stored details, then the access and refresh tokens (RFC 9396 §9.1) and, through the client session
 * context attribute Keycloak's response builder reads, the token response (RFC 9396 §7).
 */
public final class DetailsInTokens {

    static final String DETAILS_NOTE = OAuth2Constants.AUTHORIZATION_DETAILS;

    private DetailsInTokens() {
    }

    /**
     * Applies {@code details}, which the user approved, to the tokens {@code builder} is about to build.
     *
     * @throws InvalidAuthorizationDetails a processor refused the details (RFC 9396 §5)
     */
    public static void apply(KeycloakSession session, TokenManager.AccessTokenResponseBuilder builder, String details) {
        ClientSessionContext context = builder.getClientSessionCtx();
        AuthenticatedClientSessionModel clientSession = context.getClientSession();
        clientSession.setNote(DETAILS_NOTE, details);
        clientSession.setNote(ApprovedDetails.NOTE, ApprovedDetails.approval(clientSession.getUserSession().getUser().getId(), details));
        AuthorizationDetailsProcessorManager processors = new AuthorizationDetailsProcessorManager(session);
        List<AuthorizationDetailsJSONRepresentation> granted;
        try {
            granted = processors.processStoredAuthorizationDetails(clientSession.getUserSession(), context, details);
            if (granted == null || granted.isEmpty()) {
                throw new InvalidAuthorizationDetails("no processor of this server accepted the approved authorization_details");
            }
            processors.afterAuthorizationDetailsProcessed(clientSession.getUserSession(), context, granted);
        } catch (InvalidAuthorizationDetailsException e) {
            throw new InvalidAuthorizationDetails(e.getMessage());
        }
        context.setAttribute(Constants.AUTHORIZATION_DETAILS_RESPONSE, granted);
        builder.getAccessToken().setAuthorizationDetails(granted);
        if (builder.getRefreshToken() != null) {
            builder.getRefreshToken().setAuthorizationDetails(granted);
        }
    }
}
