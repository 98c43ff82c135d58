package dev.fapikit.it.ciba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * Issue 16 §1, the injection matrix: an attacker with a CIBA client and a user account of their own (bob) names
 * themselves in the hint and adds, for each claim name the server sets in the {@code auth_req_id} or the tokens, a
 * parameter of that name (alice's user id for {@code sub}, an attacker's value for the others): as a form parameter
 * and as a member of the signed request object, at the backchannel endpoint in poll, ping and push mode. Bob approves
 * his own request. CIBA Core 1.0 §7.1, §10.1: the tokens belong to the user who approved (bob), for the client that
 * asked, from this issuer, carrying none of the injected values, or the request is refused with
 * {@code invalid_request}. Stock Keycloak 26.7.3 issues alice's tokens for the form-parameter variant
 * ({@code certification/StockComparisonIT}, row 7).
 */
@FapiKitServer
class ClaimInjectionIT {

    /** Claims the server sets in the auth_req_id or the tokens that a client can name but must never decide. */
    static final List<String> SERVER_CLAIMS = List.of("sub", "azp", "aud", "iss", "exp", "iat", "nbf", "jti", "typ", "acr",
            "auth_time", "sid", "cnf", "session_state", "auth_result_id", "preferred_username", "email", "nonce");
    /** The request object's own JWT claims (CIBA Core §7.1.1 requires them there), so not injections in that variant. */
    static final List<String> REQUEST_OBJECT_CLAIMS = List.of("iss", "aud", "exp", "iat", "nbf", "jti");
    static final String FORM = "form parameters", REQUEST_OBJECT = "request-object members";
    static final long FAR_FUTURE = 4102444800L; // 2100-01-01

    private static CibaRealm realm;
    private static HttpsReceiver receiver;
    private static ClientCert key;
    private static final Map<String, String> CLIENTS = new LinkedHashMap<>();
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static String bobAppToken;

    @BeforeAll
    static void setUp(FapiKit kit) throws Exception {
        realm = CibaRealm.create(kit, "ciba-inject");
        receiver = new HttpsReceiver(kit);
        key = kit.pki().loadOrIssueClient("ciba-inject", "CN=ciba-inject,O=FAPI Kit Dev");
        for (String mode : List.of("poll", "ping", "push")) {
            String clientId = "inject-" + mode + "-" + UUID.randomUUID().toString().substring(0, 6);
            Map<String, String> attributes = new LinkedHashMap<>(Map.of("oidc.ciba.grant.enabled", "true",
                    "ciba.backchannel.token.delivery.mode", mode, "ciba.backchannel.auth.request.signing.alg", "PS256",
                    "jwt.credential.certificate", key.certificateBase64(), "use.jwks.url", "false"));
            if (!mode.equals("poll")) attributes.put("ciba.backchannel.client.notification.endpoint", receiver.url("/" + mode));
            HttpResponse<String> created = kit.admin().post("realms/" + realm.name + "/clients", Map.of("clientId", clientId,
                    "secret", clientId + "-secret", "publicClient", false, "standardFlowEnabled", false,
                    "consentRequired", false, "attributes", attributes));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            CLIENTS.put(mode, clientId);
        }
        bobAppToken = realm.appToken("bob", true);
    }

    @AfterAll
    static void tearDown() {
        if (receiver != null) receiver.close();
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (String mode : List.of("poll", "ping", "push")) {
            cases.add(Arguments.of(mode, FORM));
            cases.add(Arguments.of(mode, REQUEST_OBJECT));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} mode, claims as {1}")
    @MethodSource("matrix")
    @DisplayName("bob names himself and injects each server claim: tokens are bob's, for this client, none of the injected values")
    void injectedClaimsNeverDecide(String mode, String variant) {
        boolean inRequestObject = variant.equals(REQUEST_OBJECT);
        String alice = realm.userId("alice");
        String bob = realm.userId("bob");
        SoftAssertions softly = new SoftAssertions();
        for (String claim : SERVER_CLAIMS) {
            if (inRequestObject && REQUEST_OBJECT_CLAIMS.contains(claim)) continue;
            Object injected = injectedValue(claim, alice);
            String clientId = CLIENTS.get(mode);
            String binding = "INJ-" + SEQ.incrementAndGet();
            String cnt = mode.equals("poll") ? null : "cnt-" + binding;
            HttpResponse<String> auth = backchannel(clientId, inRequestObject, claim, injected, binding, cnt);
            String where = mode + ", " + (inRequestObject ? "request object" : "form") + ", " + claim;
            if (auth.statusCode() != 200) {
                softly.assertThat(auth.statusCode()).as(where + ": " + auth.body()).isEqualTo(400);
                softly.assertThat(Http.json(auth).path("error").asText()).as(where).isEqualTo("invalid_request");
                continue;
            }
            String authReqId = Http.json(auth).get("auth_req_id").asText();
            HttpResponse<String> approved = realm.appPost(bobAppToken, "/requests/" + realm.pendingId(bobAppToken, binding) + "/approve");
            softly.assertThat(approved.statusCode()).as(where + ": approval " + approved.body()).isEqualTo(200);
            JsonNode tokens = tokens(mode, clientId, authReqId, cnt, where);
            JWTClaimsSet access = Jose.verify(realm.kit, realm.name, tokens.get("access_token").asText());
            JWTClaimsSet id = Jose.verify(realm.kit, realm.name, tokens.get("id_token").asText());
            for (JWTClaimsSet token : List.of(access, id)) {
                String which = where + (token == access ? " (access token)" : " (ID token)");
                softly.assertThat(token.getSubject()).as(which + ": sub is the approver").isEqualTo(bob);
                softly.assertThat(token.getIssuer()).as(which + ": iss").isEqualTo(realm.issuer());
                softly.assertThat(token.getClaim("azp")).as(which + ": azp").isEqualTo(clientId);
                Object actual = token.getClaim(claim);
                if (actual != null && !claim.equals("sub")) {
                    softly.assertThat(String.valueOf(actual)).as(which + ": the injected " + claim).doesNotContain("injected")
                            .isNotEqualTo(String.valueOf(injected));
                }
            }
            softly.assertThat(id.getAudience()).as(where + ": ID token aud").containsExactly(clientId);
            softly.assertThat(access.getExpirationTime().toInstant()).as(where + ": exp").isBefore(Instant.now().plus(Duration.ofDays(1)));
        }
        softly.assertAll();
    }

    /** The attacker's value for a claim: alice's id for sub, a far-future time for times, a marked string otherwise. */
    static Object injectedValue(String claim, String alice) {
        return switch (claim) {
            case "sub" -> alice;
            case "exp", "iat", "nbf", "auth_time" -> FAR_FUTURE;
            case "cnf" -> Map.of("x5t#S256", "injected-thumbprint");
            default -> "injected-" + claim;
        };
    }

    private static HttpResponse<String> backchannel(String clientId, boolean inRequestObject, String claim, Object value,
                                                    String binding, String cnt) {
        if (!inRequestObject) {
            Map<String, String> params = new LinkedHashMap<>(Http.params("scope", "openid", "login_hint", "bob", "binding_message", binding));
            if (cnt != null) params.put("client_notification_token", cnt);
            params.put(claim, value instanceof Map<?, ?> m ? Http.JSON.valueToTree(m).toString() : String.valueOf(value));
            return realm.backchannel(clientId, params);
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(clientId).audience(realm.issuer())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(Jose.randomId()).claim("scope", "openid").claim("login_hint", "bob").claim("binding_message", binding);
        if (cnt != null) claims.claim("client_notification_token", cnt);
        claims.claim(claim, value);
        return realm.backchannel(clientId, Map.of("request", Jose.sign(key, JWSAlgorithm.PS256, claims.build())));
    }

    /** Poll and ping: the token request (a decided request is answered at once); push: the pushed token result. */
    private static JsonNode tokens(String mode, String clientId, String authReqId, String cnt, String where) {
        if (!mode.equals("push")) {
            HttpResponse<String> r = realm.token(clientId, authReqId);
            assertThat(r.statusCode()).as(where + ": " + r.body()).isEqualTo(200);
            return Http.json(r);
        }
        HttpsReceiver.Received pushed = await().atMost(Duration.ofSeconds(10)).until(
                () -> receiver.received().stream().filter(r -> ("Bearer " + cnt).equals(r.header("Authorization"))).findFirst().orElse(null),
                r -> r != null);
        JsonNode result;
        try {
            result = Http.JSON.readTree(pushed.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(where + ": pushed body is not JSON: " + pushed.body(), e);
        }
        assertThat(result.has("access_token")).as(where + ": " + pushed.body()).isTrue();
        return result;
    }
}
