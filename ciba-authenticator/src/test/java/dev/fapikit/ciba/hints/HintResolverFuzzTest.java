package dev.fapikit.ciba.hints;

import static dev.fapikit.core.fuzz.Invariant.check;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;

/**
 * What {@link HintResolver} decides about a signed hint once Keycloak verified the signature: the claims of a
 * login_hint_token (CIBA Core 1.0 §7.1) and of an id_token_hint (CIBA Core 1.0 §7.1, OIDC Core §3.1.2.1). A client
 * signs whatever claims it likes into a login_hint_token, so any JSON is fuzzed as if its signature were valid; the
 * claims are read into Keycloak's token classes with Jackson, as {@code JWSInput#readJsonContent} does, and a payload
 * that does not map is a token Keycloak's decoder answers with {@code null}. Any claims end in a
 * well-formed hint or a {@link HintException} with a CIBA Core §13 error, never another exception, the same way twice.
 */
class HintResolverFuzzTest {

    /** Keycloak reads token payloads with Jackson into these annotated classes. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_700_000_000L;
    private static final String ISSUER = "https://idp.example/realms/fapi";
    private static final String CLIENT_ID = "client-a";

    @FuzzTest(maxDuration = "30s")
    void loginHintTokenNamesASubjectOrIsRefused(FuzzedDataProvider data) {
        String claims = data.consumeRemainingAsString();
        JsonWebToken jwt = read(claims, JsonWebToken.class);
        String first = loginHintTokenOutcome(jwt, claims);
        check(first.equals(loginHintTokenOutcome(jwt, claims)), "same outcome twice", claims);
    }

    private static String loginHintTokenOutcome(JsonWebToken jwt, String claims) {
        try {
            SubjectIdentifier id = HintResolver.loginHintTokenSubject(jwt, NOW);
            check(jwt != null, "only a decoded token names a subject", claims);
            check(jwt.getExp() == null || jwt.getExp() == 0 || jwt.getExp() >= NOW, "an expired token names no subject", claims);
            check(id.format() != null && id.value() != null && !id.value().isBlank(), "a named subject has a value", claims);
            check(id.format() != SubjectIdentifier.Format.ISS_SUB || id.issuer() != null && !id.issuer().isBlank(),
                    "an iss_sub subject has an issuer", claims);
            return id.toString();
        } catch (HintException e) {
            boolean expired = jwt != null && jwt.getExp() != null && jwt.getExp() != 0 && jwt.getExp() < NOW;
            check(expired ? HintResolver.EXPIRED_LOGIN_HINT_TOKEN.equals(e.error()) : "invalid_request".equals(e.error()),
                    "refused as expired_login_hint_token exactly when expired, else invalid_request", claims);
            return "refused:" + e.error() + ":" + e.getMessage();
        }
    }

    @FuzzTest(maxDuration = "30s")
    void idTokenHintNamesItsSubjectOrIsRefused(FuzzedDataProvider data) {
        String claims = data.consumeRemainingAsString();
        IDToken idToken = read(claims, IDToken.class);
        String first = idTokenHintOutcome(idToken, claims);
        check(first.equals(idTokenHintOutcome(idToken, claims)), "same outcome twice", claims);
    }

    private static String idTokenHintOutcome(IDToken idToken, String claims) {
        try {
            String sub = HintResolver.idTokenHintSubject(idToken, ISSUER, CLIENT_ID);
            check(idToken != null && (idToken.getType() == null || "ID".equals(idToken.getType())) && ISSUER.equals(idToken.getIssuer()),
                    "only an ID token (typ ID, or none: fapi-kit-id-token-claims) of this realm is accepted", claims);
            check(CLIENT_ID.equals(idToken.getIssuedFor())
                    || idToken.getAudience() != null && Arrays.asList(idToken.getAudience()).contains(CLIENT_ID),
                    "only an ID token issued to this client is accepted", claims);
            check(sub != null && !sub.isBlank(), "an accepted hint names a subject", claims);
            return "sub:" + sub;
        } catch (HintException e) {
            check(Set.of("invalid_request", HintResolver.UNKNOWN_USER_ID).contains(e.error()),
                    "refused as invalid_request or unknown_user_id", claims);
            return "refused:" + e.error() + ":" + e.getMessage();
        }
    }

    private static <T> T read(String claims, Class<T> type) {
        try {
            return JSON.readValue(claims.getBytes(StandardCharsets.UTF_8), type);
        } catch (IOException | RuntimeException notAToken) {
            return null; // Keycloak's token decoder answers null for a payload it cannot read
        }
    }
}
