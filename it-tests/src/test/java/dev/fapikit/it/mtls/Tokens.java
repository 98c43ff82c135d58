package dev.fapikit.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import dev.fapikit.it.harness.Http;

/** Token checks: signatures verified with Nimbus against the realm's JWKS, RFC 8705 §3.1 confirmation. */
final class Tokens {

    private Tokens() {
    }

    /** The claims of an access token the realm signed. */
    static JWTClaimsSet verified(MtlsNode node, String realm, String jwt) throws Exception {
        SignedJWT signed = SignedJWT.parse(jwt);
        JWKSet keys = JWKSet.parse(Http.get(node.http(null), node.realmUrl(realm) + "/protocol/openid-connect/certs").body());
        JWK key = keys.getKeyByKeyId(signed.getHeader().getKeyID());
        assertThat(key).as("realm key %s", signed.getHeader().getKeyID()).isNotNull();
        assertThat(signed.verify(new DefaultJWSVerifierFactory().createJWSVerifier(signed.getHeader(),
                key.toRSAKey().toPublicKey()))).as("signature").isTrue();
        return signed.getJWTClaimsSet();
    }

    /** RFC 8705 §3.1: {@code cnf.x5t#S256} of a verified access token. */
    static String boundThumbprint(MtlsNode node, String realm, HttpResponse<String> tokenResponse) throws Exception {
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        JWTClaimsSet claims = verified(node, realm, Http.json(tokenResponse).get("access_token").asText());
        Map<String, Object> cnf = claims.getJSONObjectClaim("cnf");
        assertThat(cnf).as("cnf of %s", claims).isNotNull();
        return (String) cnf.get("x5t#S256");
    }

    /**
     * RFC 6749 §5.2: the response is {@code invalid_client}, 401 for a client that tried to authenticate: FAPI Kit's
     * mutual-TLS authenticators refuse with 401 (ClientAuthRefusal), and Keycloak answers a client no authenticator
     * accepted with 401 (AuthenticationProcessor.handleClientAuthException).
     */
    static void assertInvalidClient(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(Http.json(response).get("error").asText()).as(response.body()).isEqualTo("invalid_client");
    }
}
