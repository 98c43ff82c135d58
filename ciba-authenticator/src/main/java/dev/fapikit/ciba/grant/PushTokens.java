package dev.fapikit.ciba.grant;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.fapikit.ciba.events.CibaEvents;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.OAuth2Constants;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.HttpRequest;
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

    private static final String NOTE_THUMBPRINT = "x5t#S256";
    private static final String NOTE_CHAIN = "x5c";

    /**
     * Remembers the x5t#S256 of the client certificate of a push request until the request's record lapses, and the
     * certificate chain of the TLS connection when it is that certificate (Keycloak terminating TLS), for the client
     * policies that check the certificate when the push grant runs at approval.
     */
    public static void rememberCertificate(KeycloakSession session, RealmModel realm, String authResultId, String thumbprint, long lifespanSeconds) {
        Map<String, String> notes = new HashMap<>(Map.of(NOTE_THUMBPRINT, thumbprint));
        String chain = connectionChain(session, thumbprint);
        if (chain != null) notes.put(NOTE_CHAIN, chain);
        session.singleUseObjects().put(certificateKey(realm, authResultId), lifespanSeconds, notes);
    }

    // RFC 8705 §3.1: x5t#S256 is the base64url SHA-256 of the DER certificate.
    private static String connectionChain(KeycloakSession session, String thumbprint) {
        X509Certificate[] chain = session.getContext().getHttpRequest().getClientCertificateChain();
        if (chain == null || chain.length == 0) return null;
        try {
            String leaf = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
            if (!leaf.equals(thumbprint)) return null;
            List<String> der = new ArrayList<>();
            for (X509Certificate c : chain) der.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            return String.join(",", der);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static X509Certificate[] chain(Map<String, String> notes) {
        String encoded = notes == null ? null : notes.get(NOTE_CHAIN);
        if (encoded == null) return null;
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> chain = new ArrayList<>();
            for (String der : encoded.split(",")) {
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der))));
            }
            return chain.toArray(X509Certificate[]::new);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
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
                .event(EventType.AUTHREQID_TO_TOKEN).client(client).detail(CibaEvents.DETAIL_STEP, "push");

        // The grant reads the client from the context; the approver's request has its own, restored afterwards. Client
        // policies of the grant see the client's certificate of the backchannel request, not the approver's connection.
        KeycloakContext context = session.getContext();
        ClientModel previousClient = context.getClient();
        AuthenticationSessionModel previousAuthSession = context.getAuthenticationSession();
        HttpRequest previousRequest = context.getHttpRequest();
        X509Certificate[] chain = chain(cert);
        context.setClient(client);
        if (chain != null) context.setHttpRequest(new RecordedCertificateRequest(previousRequest, chain));
        try {
            OAuth2GrantType.Context grantContext = new OAuth2GrantType.Context(session, OIDCAdvancedConfigWrapper.fromClientModel(client),
                    Map.of(), form, event, Cors.builder().auth().allowedMethods("POST"), new TokenManager());
            Response response = new FapiKitCibaGrantType(authReqId, cert == null ? null : cert.get(NOTE_THUMBPRINT)).process(grantContext);
            ObjectNode result = JsonSerialization.mapper.valueToTree((AccessTokenResponse) response.getEntity());
            result.put(CibaGrantType.AUTH_REQ_ID, authReqId);
            return result;
        } finally {
            if (chain != null) context.setHttpRequest(previousRequest);
            context.setClient(previousClient);
            context.setAuthenticationSession(previousAuthSession);
        }
    }

    private static String certificateKey(RealmModel realm, String authResultId) {
        return "fapi-kit-ciba." + realm.getId() + ".push-cnf." + authResultId;
    }
}
