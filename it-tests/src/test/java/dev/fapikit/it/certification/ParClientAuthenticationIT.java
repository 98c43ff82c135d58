package dev.fapikit.it.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
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
 * RFC 9126 §2.3 and RFC 6749 §5.2: a pushed authorization request whose client assertion fails authentication is
 * answered {@code invalid_client} with HTTP 401, as the token endpoint answers (stock Keycloak 26.7.3 says
 * {@code invalid_request}).
 */
@FapiKitServer
class ParClientAuthenticationIT {

    private static final String REALM = "fapi1-advanced";
    private static final String CLIENT = "fapi1-pkjwt";

    static Stream<Arguments> badAssertions() {
        return Stream.of(
                Arguments.of("wrong aud", (UnaryOperator<JWTClaimsSet.Builder>) b -> b.audience("https://other.example.org")),
                Arguments.of("wrong iss", (UnaryOperator<JWTClaimsSet.Builder>) b -> b.issuer("fapi1-mtls")),
                Arguments.of("wrong sub", (UnaryOperator<JWTClaimsSet.Builder>) b -> b.subject("fapi1-mtls")),
                Arguments.of("expired", (UnaryOperator<JWTClaimsSet.Builder>) b -> b.expirationTime(
                        Date.from(Instant.now().minusSeconds(300)))));
    }

    @ParameterizedTest(name = "{0} → 401 invalid_client")
    @MethodSource("badAssertions")
    @DisplayName("a bad client assertion at PAR is invalid_client")
    void badAssertionIsInvalidClient(String why, UnaryOperator<JWTClaimsSet.Builder> spoil, FapiKit kit) {
        ClientCert client = kit.demo().get(CLIENT);
        String issuer = kit.realmUrl(REALM);
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(CLIENT).subject(CLIENT).audience(issuer)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)));
        assertInvalidClient(kit, client, Jose.sign(client, JWSAlgorithm.PS256, spoil.apply(claims).build()));
    }

    @ParameterizedTest(name = "signed by another key → 401 invalid_client")
    @MethodSource("dev.fapikit.it.certification.ParClientAuthenticationIT#one")
    @DisplayName("a client assertion with a bad signature at PAR is invalid_client")
    void badSignatureIsInvalidClient(String unused, FapiKit kit) {
        ClientCert client = kit.demo().get(CLIENT);
        // the right claims, signed with another client's key under this client's key id
        ClientCert other = kit.demo().get("fapi1-mtls");
        String forged = Jose.clientAssertion(other, CLIENT, kit.realmUrl(REALM));
        String[] parts = forged.split("\\.");
        String genuineHeader = Jose.clientAssertion(client, CLIENT, kit.realmUrl(REALM)).split("\\.")[0];
        assertInvalidClient(kit, client, genuineHeader + "." + parts[1] + "." + parts[2]);
    }

    static Stream<String> one() {
        return Stream.of("forged");
    }

    private static void assertInvalidClient(FapiKit kit, ClientCert tlsCert, String assertion) {
        HttpResponse<String> par = Http.postForm(kit.http(tlsCert), kit.oidcUrl(REALM) + "/ext/par/request",
                Http.params("client_id", CLIENT, "response_type", "code", "scope", "openid",
                        "redirect_uri", "https://client.example.org/cb",
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", assertion));
        assertThat(par.statusCode()).as(par.body()).isEqualTo(401);
        JsonNode error = Http.json(par);
        assertThat(error.get("error").asText()).isEqualTo("invalid_client");
    }
}
