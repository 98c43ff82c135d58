package dev.fapikit.it.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * The negative cases a certifying lab tries on request objects and client authentication
 * ({@code shared/conformance-cases.md}), on the {@code fapi1-advanced} realm under {@code fapi-kit-fapi-1-advanced},
 * through PAR (RFC 9126) with the {@code private_key_jwt} client over mTLS. Each is refused with the OAuth error the
 * specification names; a good request is accepted, so the refusals are the rule under test and not a broken fixture.
 */
@FapiKitServer
class RequestObjectConformanceIT {

    private static final String REALM = "fapi1-advanced";
    private static final String CLIENT = "fapi1-pkjwt";
    private static final String REDIRECT = "https://client.example.org/cb";

    /** Where a spoiled request object is refused. */
    enum Step {
        /** at the PAR endpoint (RFC 9126 §2.3): 400 and the error in JSON */
        PAR,
        /** when the authorization endpoint uses the request_uri: the error in a JARM response to the redirect_uri */
        AUTHORIZATION
    }

    /**
     * Keycloak's PAR endpoint verifies the request object's signature and checks redirect_uri, but its content (exp,
     * nbf, aud, scope) only when the authorization endpoint uses the request_uri: there secure-session refuses a
     * missing nonce (invalid_request), and secure-request-object a missing scope (invalid_request), an expired request
     * object (invalid_request_object) and every other fault of the request object as invalid_request_uri (RFC 9126
     * §4: it names the pushed request).
     */
    static Stream<Arguments> badRequestObjects() {
        Instant now = Instant.now();
        return Stream.of(
                // FAPI 1.0 Part 2 §5.2.2-13: exp required; lifetime ≤ 60 min; not expired
                bad("without exp", b -> b.expirationTime(null), Step.AUTHORIZATION, "invalid_request_uri"),
                bad("exp 70 minutes after nbf", b -> b.expirationTime(Date.from(now.plusSeconds(70 * 60))), Step.AUTHORIZATION, "invalid_request_uri"),
                bad("expired", b -> b.expirationTime(Date.from(now.minusSeconds(60))), Step.AUTHORIZATION, "invalid_request_object"),
                // §5.2.2-17: nbf required, no more than 60 minutes in the past, not in the future
                bad("without nbf", b -> b.notBeforeTime(null), Step.AUTHORIZATION, "invalid_request_uri"),
                bad("nbf 70 minutes in the past", b -> b.notBeforeTime(Date.from(now.minusSeconds(70 * 60))), Step.AUTHORIZATION, "invalid_request_uri"),
                bad("nbf 10 minutes in the future", b -> b.notBeforeTime(Date.from(now.plusSeconds(600))), Step.AUTHORIZATION, "invalid_request_uri"),
                // §5.2.2-15: aud is the issuer
                bad("wrong aud", b -> b.audience("https://other.example.org/realms/x"), Step.AUTHORIZATION, "invalid_request_uri"),
                // OIDC Core §3.1.2.1: nonce required with openid; RFC 6749 §3.1.2.3 redirect_uri; FAPI 1.0 Part 2 §5.2.2-1 scope
                bad("without nonce", b -> b.claim("nonce", null), Step.AUTHORIZATION, "invalid_request"),
                bad("without redirect_uri", b -> b.claim("redirect_uri", null), Step.PAR, "invalid_request"),
                bad("without scope", b -> b.claim("scope", null), Step.AUTHORIZATION, "invalid_request"));
    }

    private static Arguments bad(String name, UnaryOperator<JWTClaimsSet.Builder> spoil, Step step, String error) {
        return Arguments.of(name, spoil, step, error);
    }

    @Test
    @DisplayName("control: a well-formed signed request object is accepted")
    void goodRequestObjectAccepted(FapiKit kit) {
        HttpResponse<String> par = push(kit, signed(kit, UnaryOperator.identity()), assertion(kit, UnaryOperator.identity()));
        assertThat(par.statusCode()).as(par.body()).isEqualTo(201);
    }

    @ParameterizedTest(name = "request object {0} → {3} at {2}")
    @MethodSource("badRequestObjects")
    @DisplayName("request objects a lab spoils are refused, at PAR or when the request_uri is used")
    void badRequestObjectRefused(String why, UnaryOperator<JWTClaimsSet.Builder> spoil, Step step, String error, FapiKit kit) {
        HttpResponse<String> par = push(kit, signed(kit, spoil), assertion(kit, UnaryOperator.identity()));
        if (step == Step.PAR) {
            assertThat(par.statusCode()).as(par.body()).isEqualTo(400);
            assertThat(Http.json(par).get("error").asText()).as(par.body()).isEqualTo(error);
            return;
        }
        // Keycloak checks request-object content when the authorization endpoint uses the request_uri (the
        // conformance suite accepts a refusal at either step): the user must never see a login page
        assertThat(par.statusCode()).as(par.body()).isEqualTo(201);
        HttpResponse<String> authz = kit.browser().open(kit.oidcUrl(REALM) + "/auth?client_id=" + CLIENT + "&request_uri="
                + Http.enc(Http.json(par).get("request_uri").asText()), kit.baseUrl());
        // the redirect_uri is the registered one, so the error goes to the client (OAuth 2.0 §4.1.2.1), as JARM
        assertThat(authz.statusCode()).as(authz.body()).isEqualTo(302);
        String location = authz.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT);
        JWTClaimsSet jarm = Jose.verify(kit, REALM, Http.urlParams(location).get("response"));
        assertThat(jarm.getClaim("error")).as(location).isEqualTo(error);
    }

    @Test
    @DisplayName("request object with a bad signature → invalid_request_object")
    void badSignatureRefused(FapiKit kit) {
        String good = signed(kit, UnaryOperator.identity());
        String other = Jose.sign(kit.demo().get("fapi1-mtls"), JWSAlgorithm.PS256,
                new JWTClaimsSet.Builder().issuer(CLIENT).build());
        String forged = good.substring(0, good.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
        HttpResponse<String> par = push(kit, forged, assertion(kit, UnaryOperator.identity()));
        assertThat(par.statusCode()).as(par.body()).isEqualTo(400);
        assertThat(Http.json(par).get("error").asText()).isEqualTo("invalid_request_object");
    }

    static Stream<Arguments> badAssertions() {
        Instant now = Instant.now();
        return Stream.of(
                // RFC 7523 §3: sub is the client id
                Arguments.of("without sub", (UnaryOperator<JWTClaimsSet.Builder>) b -> b.subject(null)),
                // RFC 7523 §3: exp in the past
                Arguments.of("exp 5 minutes in the past", (UnaryOperator<JWTClaimsSet.Builder>) b ->
                        b.expirationTime(Date.from(now.minusSeconds(300)))),
                // a client assertion not yet valid
                Arguments.of("nbf 2 minutes in the future", (UnaryOperator<JWTClaimsSet.Builder>) b ->
                        b.notBeforeTime(Date.from(now.plusSeconds(120)))));
    }

    @ParameterizedTest(name = "client assertion {0} → invalid_client")
    @MethodSource("badAssertions")
    @DisplayName("client assertions a lab spoils are refused with invalid_client")
    void badAssertionRefused(String why, UnaryOperator<JWTClaimsSet.Builder> spoil, FapiKit kit) {
        HttpResponse<String> par = push(kit, signed(kit, UnaryOperator.identity()), assertion(kit, spoil));
        assertThat(par.statusCode()).as(par.body()).isEqualTo(401);
        assertThat(Http.json(par).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    @DisplayName("client_secret_basic, forbidden by the profile, cannot be registered")
    void clientSecretClientRefused(FapiKit kit) {
        HttpResponse<String> created = kit.admin().post("realms/" + REALM + "/clients", Map.of(
                "clientId", "conformance-secret-" + Jose.randomId().substring(0, 8),
                "clientAuthenticatorType", "client-secret", "publicClient", false,
                "redirectUris", java.util.List.of(REDIRECT)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(400);
        JsonNode error = Http.json(created);
        assertThat(error.toString()).contains("invalid_client_metadata");
    }

    private static String signed(FapiKit kit, UnaryOperator<JWTClaimsSet.Builder> spoil) {
        Instant now = Instant.now();
        Map<String, String> pkce = Jose.pkce();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(CLIENT).audience(kit.realmUrl(REALM))
                .claim("client_id", CLIENT).claim("response_type", "code").claim("response_mode", "jwt")
                .claim("redirect_uri", REDIRECT).claim("scope", "openid").claim("state", Jose.randomId())
                .claim("nonce", Jose.randomId()).claim("code_challenge", pkce.get("challenge"))
                .claim("code_challenge_method", "S256").issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID(Jose.randomId());
        return Jose.sign(kit.demo().get(CLIENT), JWSAlgorithm.PS256, spoil.apply(b).build());
    }

    private static String assertion(FapiKit kit, UnaryOperator<JWTClaimsSet.Builder> spoil) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(CLIENT).subject(CLIENT).audience(kit.realmUrl(REALM))
                .jwtID(Jose.randomId()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)));
        return Jose.sign(kit.demo().get(CLIENT), JWSAlgorithm.PS256, spoil.apply(b).build());
    }

    private static HttpResponse<String> push(FapiKit kit, String requestObject, String clientAssertion) {
        ClientCert client = kit.demo().get(CLIENT);
        return Http.postForm(kit.http(client), kit.oidcUrl(REALM) + "/ext/par/request",
                Http.params("client_id", CLIENT, "request", requestObject,
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", clientAssertion));
    }
}
