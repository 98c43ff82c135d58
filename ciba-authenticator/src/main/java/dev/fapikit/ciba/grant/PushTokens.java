package dev.fapikit.ciba.grant;

import java.util.Map;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fapikit.ciba.approval.ApprovalService;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.ciba.CibaGrantType;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.services.cors.Cors;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;

/**
 * CIBA Core 1.0 §10.3.1 push: the token result the server sends to the client notification endpoint, minted by the
 * CIBA grant itself inside the approval (same consent, session, mappers, policies and token lifetimes as a poll), and
 * the certificate the client presented at its backchannel request, which pushed tokens are bound to (RFC 8705 §3).
 */
public final class PushTokens {

    private PushTokens() {
    }

    /** Remembers the x5t#S256 of the client certificate of a push request until the request's record lapses. */
    public static void rememberCertificate(KeycloakSession session, RealmModel realm, String authResultId, String thumbprint, long lifespanSeconds) {
        session.singleUseObjects().put(certificateKey(realm, authResultId), lifespanSeconds, Map.of("x5t#S256", thumbprint));
    }

    /**
     * Runs the CIBA grant for the approved push request {@code authReqId} and returns the token result with its
     * {@code auth_req_id}. Throws what the grant throws when it refuses (user disabled, consent withdrawn, ...).
     */
    public static ObjectNode mint(KeycloakSession session, ClientModel client, String authReqId, String authResultId) {
        RealmModel realm = session.getContext().getRealm();
        Map<String, String> cert = session.singleUseObjects().get(certificateKey(realm, authResultId));
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle(OAuth2Constants.GRANT_TYPE, OAuth2Constants.CIBA_GRANT_TYPE);
        form.putSingle(CibaGrantType.AUTH_REQ_ID, authReqId);
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.AUTHREQID_TO_TOKEN).client(client).detail(ApprovalService.EVENT_DETAIL_STEP, "push");

        // The grant reads the client from the context; the approver's request has its own, restored afterwards.
        KeycloakContext context = session.getContext();
        ClientModel previousClient = context.getClient();
        AuthenticationSessionModel previousAuthSession = context.getAuthenticationSession();
        context.setClient(client);
        try {
            OAuth2GrantType.Context grantContext = new OAuth2GrantType.Context(session, OIDCAdvancedConfigWrapper.fromClientModel(client),
                    Map.of(), form, event, Cors.builder().auth().allowedMethods("POST"), new TokenManager());
            Response response = new FapiKitCibaGrantType(authReqId, cert == null ? null : cert.get("x5t#S256")).process(grantContext);
            ObjectNode result = JsonSerialization.mapper.valueToTree((AccessTokenResponse) response.getEntity());
            result.put(CibaGrantType.AUTH_REQ_ID, authReqId);
            return result;
        } finally {
            context.setClient(previousClient);
            context.setAuthenticationSession(previousAuthSession);
        }
    }

    private static String certificateKey(RealmModel realm, String authResultId) {
        return "fapi-kit-ciba." + realm.getId() + ".push-cnf." + authResultId;
    }
}
