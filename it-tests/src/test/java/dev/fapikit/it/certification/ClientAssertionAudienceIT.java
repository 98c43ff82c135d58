package dev.fapikit.it.certification;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.Jose;
import dev.fapikit.it.harness.KeycloakServer;

/**
 * Client assertions whose {@code aud} is an array. FAPI Kit keeps Keycloak's default of one audience (FAPI 2.0 SP
 * §5.3.2.1; CVE-2025-27370/27371); a FAPI 1.0 deployment whose clients send an array containing the issuer (RFC 7523
 * §3 allows it) sets {@value #OPTION}. Both settings, on a PAR request of the {@code fapi1-advanced} realm.
 */
@FapiKitServer
class ClientAssertionAudienceIT {

    static final String OPTION = "--spi-login-protocol--openid-connect--allow-multiple-audiences-for-jwt-client-authentication=true";
    private static final String REALM = "fapi1-advanced";
    private static final String CLIENT = "fapi1-pkjwt";

    private static KeycloakServer arrayAudienceNode;

    @BeforeAll
    static void startNodeWithTheOption(FapiKit kit) {
        arrayAudienceNode = kit.nodeBuilder("node-array-aud").startOption(OPTION).build().install().start();
    }

    @AfterAll
    static void stopNode() {
        if (arrayAudienceNode != null) {
            arrayAudienceNode.stop();
        }
    }

    @Test
    @DisplayName("default: an array aud is refused with invalid_client")
    void arrayRefusedByDefault(FapiKit kit) {
        HttpResponse<String> par = pushWithArrayAudience(kit, kit.baseUrl());
        assertThat(par.statusCode()).as(par.body()).isEqualTo(401);
        assertThat(Http.json(par).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    @DisplayName("with the option: an array aud containing the issuer is accepted")
    void arrayAcceptedWithTheOption(FapiKit kit) {
        HttpResponse<String> par = pushWithArrayAudience(kit, arrayAudienceNode.baseUrl());
        assertThat(par.statusCode()).as(par.body()).isEqualTo(201);
        assertThat(Http.json(par).get("request_uri").asText()).startsWith("urn:ietf:params:oauth:request_uri:");
    }

    private static HttpResponse<String> pushWithArrayAudience(FapiKit kit, String baseUrl) {
        ClientCert client = kit.demo().get(CLIENT);
        String issuer = baseUrl + "/realms/" + REALM;
        Instant now = Instant.now();
        Map<String, String> pkce = Jose.pkce();
        String requestObject = Jose.sign(client, JWSAlgorithm.PS256, new JWTClaimsSet.Builder()
                .issuer(CLIENT).audience(issuer).claim("client_id", CLIENT).claim("response_type", "code")
                .claim("response_mode", "jwt").claim("redirect_uri", "https://client.example.org/cb").claim("scope", "openid")
                .claim("state", Jose.randomId()).claim("nonce", Jose.randomId())
                .claim("code_challenge", pkce.get("challenge")).claim("code_challenge_method", "S256")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(Jose.randomId()).build());
        String assertion = Jose.sign(client, JWSAlgorithm.PS256, new JWTClaimsSet.Builder().issuer(CLIENT).subject(CLIENT)
                .audience(List.of(issuer, issuer + "/protocol/openid-connect/token")).jwtID(Jose.randomId())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60))).build());
        return Http.postForm(kit.http(client), issuer + "/protocol/openid-connect/ext/par/request",
                Http.params("client_id", CLIENT, "request", requestObject,
                        "client_assertion_type", Jose.CLIENT_ASSERTION_TYPE, "client_assertion", assertion));
    }
}
