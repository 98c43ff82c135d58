package dev.fapikit.it.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;

/**
 * Issue #17, conformance module {@code par-attempt-to-use-request_uri-for-different-client}: RFC 9126 §4 requires the
 * authorization server to check that a pushed request_uri is presented by the client that pushed it. Client B
 * presenting client A's request_uri got Keycloak's HTTP 500 page under FAPI 2.0 Message Signing (stock
 * {@code secure-par-content} verifies A's request object with B's keys). With {@code fapi-kit-par-client-binding}
 * before it, every shipped profile with PAR answers {@code invalid_request_uri}: Keycloak shows client-policy errors of
 * the authorization endpoint's first step (before the client and its redirect URI are checked) as an error page, HTTP
 * 400, with the description, and records the error in the login event. A's pushed request stays usable by A.
 */
@FapiKitServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParRequestUriBindingIT {

    static final String REDIRECT = "https://client.example.org/cb";
    static final String NOT_THIS_CLIENT = "The request_uri was not pushed by this client";
    static final String UNKNOWN = "The request_uri is unknown, expired or already used";

    private final List<String> realms = new ArrayList<>();
    private ClientCert keyA;
    private ClientCert keyB;

    @BeforeAll
    void keys(FapiKit kit) {
        keyA = kit.pki().issueClient("par-bind-a", "CN=par-bind-a");
        keyB = kit.pki().issueClient("par-bind-b", "CN=par-bind-b");
    }

    @AfterAll
    void deleteRealms(FapiKit kit) {
        realms.forEach(r -> kit.admin().delete("realms/" + r));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fapi-kit-fapi-2-message-signing", "fapi-kit-fapi-2-dpop-message-signing",
            "fapi-kit-fapi-2-security-profile", "fapi-kit-fapi-1-advanced"})
    @DisplayName("client B presenting client A's request_uri: invalid_request_uri (no 500); A's request_uri still works")
    void otherClientsRequestUriRefused(String profile, FapiKit kit) {
        String realm = realm(kit, profile);
        String requestUri = push(kit, realm, profile, "client-a", keyA);

        HttpResponse<String> refused = Http.get(kit.http(null), kit.oidcUrl(realm) + "/auth?client_id=client-b&request_uri="
                + Http.enc(requestUri));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains(NOT_THIS_CLIENT);
        assertThat(loginError(kit, realm, NOT_THIS_CLIENT).get("error").asText()).as("login error event")
                .isEqualTo("invalid_request_uri");

        // RFC 9126 §4: the refusal did not consume A's pushed request
        HttpResponse<String> page = kit.browser().open(kit.oidcUrl(realm) + "/auth?client_id=client-a&request_uri="
                + Http.enc(requestUri), kit.baseUrl());
        assertThat(page.statusCode()).as("%s %s", page.headers().map(), page.body()).isEqualTo(200);
        assertThat(page.body()).contains("login-actions/authenticate");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fapi-kit-fapi-2-message-signing", "fapi-kit-fapi-1-advanced"})
    @DisplayName("an unknown or malformed PAR request_uri is invalid_request_uri with a description (no 500)")
    void unknownOrMalformedRequestUri(String profile, FapiKit kit) {
        String realm = realm(kit, profile);
        for (String requestUri : List.of("urn:ietf:params:oauth:request_uri:" + UUID.randomUUID(),
                "urn:ietf:params:oauth:request_uri:not-a-uuid", "URN:IETF:PARAMS:OAUTH:REQUEST_URI:")) {
            HttpResponse<String> refused = Http.get(kit.http(null), kit.oidcUrl(realm) + "/auth?client_id=client-a&request_uri="
                    + Http.enc(requestUri));
            assertThat(refused.statusCode()).as(requestUri + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.body()).as(requestUri).contains(UNKNOWN);
        }
        assertThat(loginError(kit, realm, UNKNOWN).get("error").asText()).isEqualTo("invalid_request_uri");
    }

    /**
     * What the profiles gave before {@code fapi-kit-par-client-binding} (the shipped profiles without it): under Message
     * Signing the HTTP 500 of issue #17; under the Security Profile and FAPI 1.0 Advanced a 400 page for
     * {@code invalid_request} (client_id mismatch, or A's request object failing B's keys), not the
     * {@code invalid_request_uri} RFC 9126 §4 names. Fails, and tells us to revisit the executor, the day Keycloak changes it.
     */
    @ParameterizedTest(name = "{0} → HTTP {1}")
    @CsvSource({"fapi-kit-fapi-2-message-signing, 500", "fapi-kit-fapi-2-security-profile, 400", "fapi-kit-fapi-1-advanced, 400"})
    @DisplayName("without fapi-kit-par-client-binding: stock Keycloak's answer to client B presenting client A's request_uri")
    void stockAnswerWithoutBinding(String profile, int stockStatus, FapiKit kit) {
        String realm = realm(kit, profile, false);
        String requestUri = push(kit, realm, profile, "client-a", keyA);
        HttpResponse<String> answer = Http.get(kit.http(null), kit.oidcUrl(realm) + "/auth?client_id=client-b&request_uri="
                + Http.enc(requestUri));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(stockStatus);
        assertThat(answer.body()).doesNotContain(NOT_THIS_CLIENT);
    }

    private static final String WITHOUT_BINDING = "-without-binding";

    private String realm(FapiKit kit, String profile) {
        return realm(kit, profile, true);
    }

    /** A realm whose every client follows {@code profile} (the shipped profile file), with clients A and B. */
    private String realm(FapiKit kit, String profile, boolean withBinding) {
        String name = "par-bind-" + Jose.randomId().substring(0, 8).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "x");
        HttpResponse<String> r = kit.admin().post("realms", Map.of("realm", name, "enabled", true, "eventsEnabled", true));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        realms.add(name);
        JsonNode profiles = shippedProfiles(kit);
        if (!withBinding) {
            // a customised profile needs a name of its own (the fapi-kit-* names are FAPI Kit's global profiles)
            profiles.get("profiles").forEach(p -> {
                ((ArrayNode) p.get("executors")).removeIf(e -> e.get("executor").asText().equals("fapi-kit-par-client-binding"));
                ((ObjectNode) p).put("name", p.get("name").asText() + WITHOUT_BINDING);
            });
        }
        r = kit.admin().put("realms/" + name + "/client-policies/profiles", profiles);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        ObjectNode policies = Http.JSON.createObjectNode();
        ObjectNode policy = policies.putArray("policies").addObject().put("name", "fapi").put("enabled", true);
        policy.putArray("conditions").addObject().put("condition", "any-client").putObject("configuration");
        policy.putArray("profiles").add(withBinding ? profile : profile + WITHOUT_BINDING);
        r = kit.admin().put("realms/" + name + "/client-policies/policies", policies);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        boolean dpop = profile.contains("dpop");
        for (Map.Entry<String, ClientCert> c : Map.of("client-a", keyA, "client-b", keyB).entrySet()) {
            // both clients share the redirect URI, so only the request_uri's binding can tell them apart
            r = kit.admin().post("realms/" + name + "/clients", Map.of("clientId", c.getKey(), "enabled", true,
                    "protocol", "openid-connect", "publicClient", false, "clientAuthenticatorType", "client-jwt",
                    "standardFlowEnabled", true, "redirectUris", List.of(REDIRECT),
                    "attributes", Map.of("jwt.credential.certificate", c.getValue().certificateBase64(), "use.jwks.url", "false",
                            "token.endpoint.auth.signing.alg", "PS256", "request.object.signature.alg", "PS256",
                            "dpop.bound.access.tokens", String.valueOf(dpop))));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        return name;
    }

    /** Client {@code clientId} pushes an authorization request as {@code profile} asks; returns the request_uri. */
    private static String push(FapiKit kit, String realm, String profile, String clientId, ClientCert key) {
        String issuer = kit.realmUrl(realm);
        Map<String, String> pkce = Jose.pkce();
        Map<String, String> form;
        if (profile.equals("fapi-kit-fapi-2-security-profile")) {
            // FAPI 2.0 Security Profile: plain pushed parameters, no request object (client_id is pushed too: stock
            // secure-par-content refuses query parameters that were not pushed)
            form = Http.params("client_id", clientId, "response_type", "code", "scope", "openid", "redirect_uri", REDIRECT,
                    "state", Jose.randomId(), "nonce", Jose.randomId(), "code_challenge", pkce.get("challenge"),
                    "code_challenge_method", "S256");
        } else {
            Instant now = Instant.now();
            String requestObject = Jose.sign(key, JWSAlgorithm.PS256, new JWTClaimsSet.Builder().issuer(clientId).audience(issuer)
                    .claim("client_id", clientId).claim("response_type", "code").claim("response_mode", "jwt")
                    .claim("redirect_uri", REDIRECT).claim("scope", "openid").claim("state", Jose.randomId())
                    .claim("nonce", Jose.randomId()).claim("code_challenge", pkce.get("challenge"))
                    .claim("code_challenge_method", "S256").jwtID(Jose.randomId()).issueTime(Date.from(now))
                    .notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build());
            form = Http.params("client_id", clientId, "request", requestObject);
        }
        form.put("client_assertion_type", Jose.CLIENT_ASSERTION_TYPE);
        form.put("client_assertion", Jose.clientAssertion(key, clientId, issuer));
        HttpResponse<String> pushed = Http.postForm(kit.http(key), kit.oidcUrl(realm) + "/ext/par/request", form);
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        return Http.json(pushed).get("request_uri").asText();
    }

    /** The realm's login error event whose client-policy detail is {@code detail}. */
    private static JsonNode loginError(FapiKit kit, String realm, String detail) {
        for (JsonNode e : kit.admin().get("realms/" + realm + "/events?type=LOGIN_ERROR&max=50")) {
            if (detail.equals(e.path("details").path("client_policy_error_detail").asText())) {
                return e;
            }
        }
        throw new AssertionError("no LOGIN_ERROR event with detail '" + detail + "'");
    }

    /** The profile file from the fapi-client-policies JAR installed in the server's providers/ folder. */
    private static JsonNode shippedProfiles(FapiKit kit) {
        try (Stream<Path> jars = Files.list(kit.server().home().resolve("providers"))) {
            Path jar = jars.filter(p -> p.getFileName().toString().startsWith("fapi-kit-fapi-client-policies")).findFirst().orElseThrow();
            try (JarFile j = new JarFile(jar.toFile()); InputStream in = j.getInputStream(j.getEntry("fapi-kit-client-profiles.json"))) {
                return Http.JSON.readTree(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
