package dev.fapikit.ciba.hints;

import java.util.Arrays;
import java.util.List;

import org.keycloak.common.util.Time;
import org.keycloak.jose.JOSE;
import org.keycloak.jose.JOSEParser;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.Urls;
import org.keycloak.util.TokenUtil;

/** Finds the user a CIBA hint names. Every failure is a {@link HintException} with the CIBA Core §13 error code. */
public final class HintResolver {

    /** CIBA Core 1.0 §13: the hint names no known user. */
    public static final String UNKNOWN_USER_ID = "unknown_user_id";
    /** CIBA Core 1.0 §13: the login_hint_token has expired. */
    public static final String EXPIRED_LOGIN_HINT_TOKEN = "expired_login_hint_token";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final ClientModel client;
    private final String phoneNumberAttribute;

    public HintResolver(KeycloakSession session, ClientModel client, String phoneNumberAttribute) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.client = client;
        this.phoneNumberAttribute = phoneNumberAttribute;
    }

    public UserModel resolve(UserHint hint) {
        UserModel user = switch (hint.type()) {
            case LOGIN_HINT -> verifiedEmailOrName(KeycloakModelUtils.findUserByNameOrEmail(session, realm, hint.value()), hint.value());
            case LOGIN_HINT_TOKEN -> fromLoginHintToken(hint.value());
            case ID_TOKEN_HINT -> fromIdTokenHint(hint.value());
        };
        if (user == null || !user.isEnabled()) {
            throw new HintException(UNKNOWN_USER_ID, "The " + hint.type().parameter() + " does not identify a known user");
        }
        return user;
    }

    /**
     * A hint that names a user by e-mail address finds them only when they verified it: anyone can put an address that
     * is not theirs on their own account, and would then be asked (and could approve) in place of its owner. A hint
     * equal to the username is a username.
     */
    private static UserModel verifiedEmailOrName(UserModel user, String hint) {
        if (user == null || hint.equalsIgnoreCase(user.getUsername())) return user;
        return verifiedEmail(user);
    }

    private static UserModel verifiedEmail(UserModel user) {
        return user != null && user.isEmailVerified() ? user : null;
    }

    // login_hint_token: a JWT the client signed with a key it registered (its JWKS, jwks_uri or secret); never alg none.
    private UserModel fromLoginHintToken(String token) {
        JsonWebToken jwt;
        try {
            // checked here, then decoded with the overload Keycloak 26.4 and 26.5+ both have (it refuses alg none too)
            requireSigned(JOSEParser.parse(token), client);
            jwt = session.tokens().decodeClientJWT(token, client, JsonWebToken.class);
        } catch (RuntimeException e) {
            jwt = null;
        }
        SubjectIdentifier subId = loginHintTokenSubject(jwt, Time.currentTime());
        return switch (subId.format()) {
            case EMAIL -> verifiedEmail(session.users().getUserByEmail(realm, subId.value()));
            case PHONE_NUMBER -> single(session.users().searchForUserByUserAttributeStream(realm, phoneNumberAttribute, subId.value()).limit(2).toList());
            case ISS_SUB -> issuer().equals(subId.issuer()) ? session.users().getUserById(realm, subId.value()) : null;
            case OPAQUE -> session.users().getUserById(realm, subId.value());
        };
    }

    /**
     * CIBA Core 1.0 §7.1 login_hint_token, once Keycloak verified its signature ({@code null} when it did not): not
     * expired (§13 expired_login_hint_token), and its {@code sub_id} names the user (RFC 9493).
     */
    static SubjectIdentifier loginHintTokenSubject(JsonWebToken jwt, long now) {
        if (jwt == null) {
            throw new HintException("invalid_request", "login_hint_token is not a JWT signed with a key this client registered");
        }
        if (jwt.getExp() != null && jwt.getExp() != 0 && jwt.getExp() < now) {
            throw new HintException(EXPIRED_LOGIN_HINT_TOKEN, "login_hint_token has expired");
        }
        return SubjectIdentifier.parse(jwt.getOtherClaims().get("sub_id"));
    }

    private static void requireSigned(JOSE jose, ClientModel client) {
        if (!(jose instanceof JWSInput jws) || "none".equalsIgnoreCase(jws.getHeader().getRawAlgorithm())) {
            throw new IllegalArgumentException("login_hint_token must be signed");
        }
    }

    private static UserModel single(List<UserModel> users) {
        return users.size() == 1 ? users.get(0) : null;
    }

    // id_token_hint: an ID token this realm issued (signature with a realm key, issuer) to this client (aud/azp).
    // An expired ID token is still a valid hint (OIDC Core §3.1.2.1).
    private UserModel fromIdTokenHint(String token) {
        IDToken idToken;
        try {
            idToken = session.tokens().decode(token, IDToken.class);
        } catch (RuntimeException e) {
            idToken = null;
        }
        return session.users().getUserById(realm, idTokenHintSubject(idToken, issuer(), client.getClientId()));
    }

    /**
     * OIDC Core §3.1.2.1 id_token_hint, once Keycloak verified its signature with a realm key ({@code null} when it did
     * not): an ID token of this realm's {@code issuer}, issued to {@code clientId} (aud or azp); returns its {@code sub}.
     */
    static String idTokenHintSubject(IDToken idToken, String issuer, String clientId) {
        // Keycloak types its ID tokens "ID"; FAPI Kit's fapi-kit-id-token-claims executor leaves typ out for clients not
        // registered for logout. Access, refresh and logout tokens keep their own typ and are refused here.
        if (idToken == null || idToken.getType() != null && !TokenUtil.TOKEN_TYPE_ID.equals(idToken.getType())) {
            throw new HintException("invalid_request", "id_token_hint is not an ID token signed by this realm");
        }
        if (!issuer.equals(idToken.getIssuer())) {
            throw new HintException("invalid_request", "id_token_hint was issued by another realm");
        }
        // OIDC Core §2: aud is a string or an array of strings; Keycloak reads a member of another type as null.
        boolean forThisClient = clientId.equals(idToken.getIssuedFor())
                || (idToken.getAudience() != null && Arrays.asList(idToken.getAudience()).contains(clientId));
        if (!forThisClient) {
            throw new HintException("invalid_request", "id_token_hint was issued to another client");
        }
        // CIBA Core 1.0 §13 unknown_user_id: an ID token without sub names no user (defensive: Keycloak 26.7.3 signs sub
        // into its ID tokens even for a client without the 'basic' scope).
        if (idToken.getSubject() == null || idToken.getSubject().isBlank()) {
            throw new HintException(UNKNOWN_USER_ID, "The id_token_hint does not identify a known user");
        }
        return idToken.getSubject();
    }

    private String issuer() {
        return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
    }
}
