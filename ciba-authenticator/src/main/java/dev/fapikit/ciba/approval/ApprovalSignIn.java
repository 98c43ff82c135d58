package dev.fapikit.ciba.approval;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.UriBuilder;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequestParserProcessor;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;
import org.keycloak.protocol.oidc.utils.OAuth2Code;
import org.keycloak.protocol.oidc.utils.OAuth2CodeParser;
import org.keycloak.protocol.oidc.utils.PkceUtils;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The approval page's own sign-in through the realm's browser flow (OIDC Core §3.1 authorization code flow with
 * RFC 7636 PKCE S256, {@code state} and {@code nonce}), redeemed inside the server.
 * <p>
 * Starting a sign-in puts {@code state}, the PKCE verifier and the nonce into Keycloak's single-use object store
 * (shared by every node) under the hash of a random value that only the browser holds, in the HttpOnly, Secure,
 * SameSite=Lax cookie {@value #COOKIE}, scoped to the page's path (a step-up starts a new one while the page session
 * in {@value #SESSION_COOKIE} stays). On return the cookie must be present and the
 * entry is taken out of the store (single use); {@code state} must match (RFC 6749 §10.12: a code or error carried
 * into a browser that did not start the sign-in, login CSRF, is refused); the code is redeemed through Keycloak's code
 * store ({@link OAuth2CodeParser}, single use, as the token endpoint does) and must have been issued to the approval
 * client for the page's redirect URI, with the stored verifier's S256 challenge and the stored nonce. The page's
 * session is then the redeemed code's user session, recorded under a fresh {@value #SESSION_COOKIE} value (no fixation), and lives only
 * as long as that user session is valid.
 */
public final class ApprovalSignIn {

    /** The cookie naming the browser's pending sign-in; the value is a random 256-bit secret. */
    public static final String COOKIE = "FAPI_KIT_CIBA_SIGN_IN";
    /** The cookie naming the browser's page session after a completed sign-in; a random 256-bit secret too. */
    public static final String SESSION_COOKIE = "FAPI_KIT_CIBA_SESSION";

    private static final Logger LOG = Logger.getLogger(ApprovalSignIn.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_PREFIX = "fapi-kit-ciba-sign-in:";
    private static final String STATE = "state";
    private static final String VERIFIER = "verifier";
    private static final String NONCE = "nonce";
    private static final String ATTEMPTS = "attempts";
    private static final String USER_SESSION = "user_session";
    /** Sign-ins started in a row without returning with a code: more means the realm refuses them (a loop). */
    static final int MAX_ATTEMPTS = 3;

    /** A signed-in page visit: the user session the redeemed code named and the approval client's session in it. */
    public record SignedIn(UserSessionModel userSession, AuthenticatedClientSessionModel clientSession) {
    }

    /** Why a return to the page did not sign the user in. */
    public enum Failure {
        /** No sign-in cookie, no pending sign-in for it, or another state: not this browser's sign-in (login CSRF). */
        NOT_STARTED_HERE,
        /** The realm refused the page's sign-in (authorization error response, RFC 6749 §4.1.2.1). */
        REFUSED,
        /** The code was unknown, used, expired, for another client or redirect, or PKCE or nonce did not match. */
        INVALID_CODE
    }

    /** The outcome of a return from the authorization endpoint. */
    public record Completion(SignedIn signedIn, String cookieValue, Failure failure, String detail) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SingleUseObjectProvider store;

    public ApprovalSignIn(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.store = session.singleUseObjects();
    }

    /** The browser's sign-in cookie value, or null. */
    public String cookieValue() {
        return cookie(COOKIE);
    }

    private String cookie(String name) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        var cookie = headers == null ? null : headers.getCookies().get(name);
        return cookie == null || cookie.getValue() == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    /** The page session this browser holds, or null when it must sign in. */
    public SignedIn current(ClientModel approvalClient) {
        String value = cookie(SESSION_COOKIE);
        Map<String, String> entry = value == null ? null : store.get(key(value));
        String userSessionId = entry == null ? null : entry.get(USER_SESSION);
        if (userSessionId == null) return null;
        UserSessionModel userSession = session.sessions().getUserSession(realm, userSessionId);
        if (userSession == null || !AuthenticationManager.isSessionValid(realm, userSession)) {
            store.remove(key(value));
            return null;
        }
        AuthenticatedClientSessionModel clientSession = userSession.getAuthenticatedClientSessionByClient(approvalClient.getId());
        return clientSession == null ? null : new SignedIn(userSession, clientSession);
    }

    /**
     * Starts a sign-in: stores state, verifier and nonce under a new cookie value and returns the authorization request
     * URI; {@code attempts} counts sign-ins started in a row without a code coming back. Returns the cookie value in
     * {@code cookie[0]}.
     */
    public URI start(ClientModel approvalClient, URI redirectUri, String acrValues, String[] cookie) {
        String previous = cookieValue();
        int attempts = 1;
        if (previous != null) {
            Map<String, String> old = store.remove(key(previous));
            if (old != null && old.get(ATTEMPTS) != null) attempts = parseInt(old.get(ATTEMPTS)) + 1;
        }
        String value = random();
        String state = random();
        String nonce = random();
        String verifier = PkceUtils.generateCodeVerifier();
        Map<String, String> entry = new HashMap<>();
        entry.put(STATE, state);
        entry.put(VERIFIER, verifier);
        entry.put(NONCE, nonce);
        entry.put(ATTEMPTS, Integer.toString(attempts));
        store.put(key(value), signInLifespan(), entry);
        cookie[0] = value;
        UriBuilder auth = OIDCLoginProtocolService.authUrl(session.getContext().getUri().getBaseUriBuilder())
                .queryParam("client_id", approvalClient.getClientId())
                .queryParam("redirect_uri", redirectUri.toString())
                .queryParam("response_type", "code")
                .queryParam("response_mode", "query")
                .queryParam("scope", "openid")
                .queryParam("state", state)
                .queryParam("nonce", nonce)
                .queryParam("code_challenge", PkceUtils.encodeCodeChallenge(verifier, "S256"))
                .queryParam("code_challenge_method", "S256");
        if (acrValues != null && !acrValues.isBlank()) auth.queryParam("acr_values", acrValues);
        return auth.build(realm.getName());
    }

    /** Sign-ins this browser started in a row without a code coming back (the current one included). */
    public int attempts() {
        String value = cookieValue();
        Map<String, String> entry = value == null ? null : store.get(key(value));
        return entry == null || entry.get(ATTEMPTS) == null ? 0 : parseInt(entry.get(ATTEMPTS));
    }

    /** Completes a sign-in from the authorization response the browser brought back. */
    public Completion complete(ClientModel approvalClient, URI redirectUri, String code, String state, String error, String errorDescription) {
        String value = cookieValue();
        Map<String, String> pending = value == null ? null : store.get(key(value));
        if (pending == null || pending.get(STATE) == null || state == null
                || !MessageDigest.isEqual(pending.get(STATE).getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))
                // single use: of two returns racing with the right state, one wins
                || store.remove(key(value)) == null) {
            // A forged return leaves this browser's own pending sign-in as it was.
            return new Completion(null, null, Failure.NOT_STARTED_HERE, value == null ? "no sign-in cookie" : "no pending sign-in with this state");
        }
        if (code == null) {
            String detail = error == null ? "no code" : errorDescription == null ? error : error + ": " + errorDescription;
            return new Completion(null, null, Failure.REFUSED, detail);
        }
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.CODE_TO_TOKEN)
                .client(approvalClient);
        OAuth2CodeParser.ParseResult parsed = OAuth2CodeParser.parseCode(session, code, realm, event);
        AuthenticatedClientSessionModel clientSession = parsed.getClientSession();
        OAuth2Code data = parsed.getCodeData();
        String problem = null;
        if (parsed.isIllegalCode() || parsed.isExpiredCode() || clientSession == null || data == null) {
            problem = "code unknown, used or expired";
        } else if (!approvalClient.getId().equals(clientSession.getClient().getId())) {
            problem = "code issued to another client";
        } else if (!redirectUri.toString().equals(data.getRedirectUriParam())) {
            problem = "code issued for another redirect_uri";
        } else if (!"S256".equals(data.getCodeChallengeMethod()) || data.getCodeChallenge() == null
                || !MessageDigest.isEqual(data.getCodeChallenge().getBytes(StandardCharsets.US_ASCII),
                        PkceUtils.encodeCodeChallenge(pending.get(VERIFIER), "S256").getBytes(StandardCharsets.US_ASCII))) {
            problem = "PKCE verifier does not match the code_challenge";
        } else if (data.getNonce() == null || !MessageDigest.isEqual(data.getNonce().getBytes(StandardCharsets.UTF_8),
                pending.get(NONCE).getBytes(StandardCharsets.UTF_8))) {
            problem = "nonce does not match";
        } else if (!AuthenticationManager.isSessionValid(realm, clientSession.getUserSession())) {
            problem = "user session no longer valid";
        }
        if (problem != null) {
            event.error("invalid_code");
            LOG.debugf("Approval page sign-in in realm %s refused: %s", realm.getName(), problem);
            return new Completion(null, null, Failure.INVALID_CODE, problem);
        }
        UserSessionModel userSession = clientSession.getUserSession();
        event.user(userSession.getUser()).session(userSession).success();
        String previousSession = cookie(SESSION_COOKIE);
        if (previousSession != null) store.remove(key(previousSession));
        String fresh = random();
        store.put(key(fresh), pageSessionLifespan(userSession), Map.of(USER_SESSION, userSession.getId()));
        return new Completion(new SignedIn(userSession, clientSession), fresh, null, null);
    }

    /**
     * Runs the realm's client policies on the authorization request {@code authUri} the way the authorization endpoint
     * will ({@code PRE_AUTHORIZATION_REQUEST}, then {@code AUTHORIZATION_REQUEST}, with the approval client as the context's client), so a refusal is shown to
     * the user by name instead of on Keycloak's error page or as a redirect back. Returns the refusal, or null.
     */
    public String policyRefusal(ClientModel approvalClient, URI authUri) {
        MultivaluedHashMap<String, String> params = new MultivaluedHashMap<>();
        String query = authUri.getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) params.add(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        ClientModel previous = session.getContext().getClient();
        session.getContext().setClient(approvalClient);
        try {
            session.clientPolicy().triggerOnEvent(new PreAuthorizationRequestContext(approvalClient.getClientId(), params));
            EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.LOGIN)
                    .client(approvalClient);
            AuthorizationEndpointRequest request = AuthorizationEndpointRequestParserProcessor.parseRequest(event, session,
                    approvalClient, params, AuthorizationEndpointRequestParserProcessor.EndpointType.OIDC_AUTH_ENDPOINT);
            session.clientPolicy().triggerOnEvent(new AuthorizationRequestContext(OIDCResponseType.parse("code"), request,
                    params.getFirst("redirect_uri"), params, null));
            return null;
        } catch (ClientPolicyException e) {
            return e.getErrorDetail() == null ? e.getError() : e.getError() + ": " + e.getErrorDetail();
        } catch (RuntimeException e) {
            // An executor that needs more than this pre-check offers: the authorization endpoint decides.
            LOG.debugf(e, "Client policy pre-check of the approval page's sign-in in realm %s inconclusive", realm.getName());
            return null;
        } finally {
            session.getContext().setClient(previous);
        }
    }

    /** Ends the pending sign-in stored under {@code cookieValue}. */
    public void forget(String cookieValue) {
        if (cookieValue != null) store.remove(key(cookieValue));
    }

    /** Ends this browser's pending sign-in. */
    public void forget() {
        String value = cookieValue();
        if (value != null) store.remove(key(value));
    }

    /** The Set-Cookie header value: HttpOnly, Secure, SameSite=Lax, scoped to the page's path (RFC 6265bis §4.1); a negative max-age makes a browser-session cookie. */
    public static String setCookie(String name, String path, String value, long maxAgeSeconds) {
        return name + "="+ (value == null ? "" : value) + "; Path=" + path + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : "")
                + "; HttpOnly; Secure; SameSite=Lax";
    }

    long signInLifespan() {
        return Math.max(60, realm.getAccessCodeLifespanLogin());
    }

    private long pageSessionLifespan(UserSessionModel userSession) {
        long max = realm.getSsoSessionMaxLifespan() > 0 ? realm.getSsoSessionMaxLifespan() : 36000;
        long left = userSession.getStarted() + max - Time.currentTime();
        return Math.max(60, left);
    }

    private static String key(String cookieValue) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(cookieValue.getBytes(StandardCharsets.UTF_8));
            return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
