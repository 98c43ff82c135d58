package dev.fapikit.it.mtls;

import static dev.fapikit.it.mtls.Tokens.assertInvalidClient;
import static dev.fapikit.it.mtls.Tokens.boundThumbprint;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.JwksServer;
import dev.fapikit.it.harness.TestPki;
import dev.fapikit.it.harness.TestPki.CertSpec;

/**
 * RFC 8705 §2.2 {@code self_signed_tls_client_auth}: a client registers its key in its JWK set and proves possession
 * by presenting a self-signed certificate with that key in the mutual-TLS handshake.
 */
@ExtendWith(MtlsNode.Extension.class)
@DisplayName("self_signed_tls_client_auth (RFC 8705 §2.2)")
class SelfSignedTlsClientAuthIT {

    private static String realm;
    private static ClientCert registered;

    @BeforeAll
    static void realm(MtlsNode node) {
        realm = node.createRealm("self-signed");
        registered = node.pki().issue(CertSpec.named("self-signed-a").selfSigned());
    }

    @Test
    @DisplayName("discovery lists the method for the token, introspection and revocation endpoints")
    void discoveryListsTheMethod(MtlsNode node) {
        JsonNode discovery = Http.json(MtlsNode.get(node.http(null), node.realmUrl(realm) + "/.well-known/openid-configuration"));
        assertThat(texts(discovery.get("token_endpoint_auth_methods_supported"))).contains("self_signed_tls_client_auth");
        assertThat(texts(discovery.get("introspection_endpoint_auth_methods_supported"))).contains("self_signed_tls_client_auth");
        assertThat(texts(discovery.get("revocation_endpoint_auth_methods_supported"))).contains("self_signed_tls_client_auth");
    }

    @Test
    @DisplayName("a realm created after start has the authenticator in its client authentication flow")
    void realmCreatedLaterHasTheAuthenticator(MtlsNode node) {
        assertThat(node.clientFlowAuthenticators(realm)).containsOnlyOnce("client-x509-self-signed", "client-x509-san");
        // the node's database outlives the process: at each start the existing realms are checked again, idempotently
        assertThat(node.clientFlowAuthenticators("master")).containsOnlyOnce("client-x509-self-signed", "client-x509-san");
    }

    @Nested
    @DisplayName("Given a client whose JWK carries the certificate as x5c")
    class PinnedCertificate {

        private static String clientId;

        @BeforeAll
        static void client(MtlsNode node) {
            clientId = "ss-pinned-" + System.nanoTime();
            node.createClient(realm, selfSignedClient(clientId, registered.publicJwks()));
        }

        @Test
        @DisplayName("its certificate gets a token bound to that certificate")
        void registeredCertificateGetsBoundToken(MtlsNode node) throws Exception {
            assertThat(boundThumbprint(node, realm, clientCredentials(node, registered, clientId)))
                    .isEqualTo(registered.x5tS256());
        }

        @Test
        @DisplayName("another self-signed certificate gets invalid_client")
        void anotherCertificateIsRefused(MtlsNode node) {
            ClientCert other = node.pki().issue(CertSpec.named("self-signed-other").selfSigned());
            assertInvalidClient(clientCredentials(node, other, clientId));
        }

        @Test
        @DisplayName("a re-issued certificate with the same key gets invalid_client (x5t#S256 must match x5c)")
        void sameKeyOtherCertificateIsRefused(MtlsNode node) throws Exception {
            KeyPair keys = new KeyPair(registered.certificate().getPublicKey(),
                    registered.privateKey());
            ClientCert reissued = node.pki().issue(CertSpec.named("self-signed-a-reissued").keys(keys).selfSigned());
            assertInvalidClient(clientCredentials(node, reissued, clientId));
        }

        @Test
        @DisplayName("no certificate gets invalid_client")
        void noCertificateIsRefused(MtlsNode node) {
            assertInvalidClient(clientCredentials(node, null, clientId));
        }
    }

    @Nested
    @DisplayName("Given a client whose JWK has only the public key")
    class KeyOnly {

        private static String clientId;
        private static KeyPair keys;

        @BeforeAll
        static void client(MtlsNode node) {
            keys = TestPki.rsa(2048);
            clientId = "ss-key-" + System.nanoTime();
            String jwks = new JWKSet(new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID("k1").build()).toString();
            node.createClient(realm, selfSignedClient(clientId, jwks));
        }

        @Test
        @DisplayName("any valid self-signed certificate with that key gets a bound token")
        void certificateWithTheKeyGetsBoundToken(MtlsNode node) throws Exception {
            ClientCert cert = node.pki().issue(CertSpec.named("self-signed-key").keys(keys).selfSigned());
            assertThat(boundThumbprint(node, realm, clientCredentials(node, cert, clientId))).isEqualTo(cert.x5tS256());
        }

        @Test
        @DisplayName("an expired certificate with that key gets invalid_client")
        void expiredCertificateIsRefused(MtlsNode node) {
            ClientCert expired = node.pki().issue(CertSpec.named("self-signed-expired").keys(keys).selfSigned().expired());
            HttpResponse<String> response = clientCredentials(node, expired, clientId);
            assertInvalidClient(response);
            assertThat(Http.json(response).get("error_description").asText()).contains("expired");
        }
    }

    @Nested
    @DisplayName("Given dynamic client registration (RFC 7591)")
    class DynamicRegistration {

        @Test
        @DisplayName("a client registered with jwks works")
        void registeredWithJwks(MtlsNode node) throws Exception {
            ClientCert cert = node.pki().issue(CertSpec.named("dcr-jwks").selfSigned());
            JsonNode client = register(node, "\"jwks\":" + cert.publicJwks());
            assertThat(client.get("token_endpoint_auth_method").asText()).isEqualTo("self_signed_tls_client_auth");
            assertThat(boundThumbprint(node, realm, clientCredentials(node, cert, client.get("client_id").asText())))
                    .isEqualTo(cert.x5tS256());
        }

        @Test
        @DisplayName("a client registered with jwks_uri works, and stops working once its key leaves that JWKS")
        void registeredWithJwksUri(MtlsNode node) throws Exception {
            ClientCert first = node.pki().issue(CertSpec.named("dcr-uri-1").selfSigned());
            ClientCert second = node.pki().issue(CertSpec.named("dcr-uri-2").selfSigned());
            try (JwksServer jwksUri = new JwksServer(node.pki(), "{\"keys\":[]}")) {
                jwksUri.serve(first.publicJwks());
                JsonNode client = register(node, "\"jwks_uri\":\"" + jwksUri.url() + "\"");
                String clientId = client.get("client_id").asText();
                assertThat(boundThumbprint(node, realm, clientCredentials(node, first, clientId))).isEqualTo(first.x5tS256());

                // the client rotates: the first key leaves the JWKS; once the server's key cache is refreshed (here
                // the admin clears it; otherwise after the public-key cache's max-cache-time) it no longer works
                jwksUri.serve(second.publicJwks());
                assertThat(node.admin("POST", "realms/" + realm + "/clear-keys-cache", null).statusCode()).isEqualTo(204);
                assertInvalidClient(clientCredentials(node, first, clientId));
                assertThat(boundThumbprint(node, realm, clientCredentials(node, second, clientId))).isEqualTo(second.x5tS256());
            }
        }

        @Test
        @DisplayName("an unreachable jwks_uri gets invalid_client, not a server error")
        void unreachableJwksUri(MtlsNode node) {
            ClientCert cert = node.pki().issue(CertSpec.named("dcr-uri-gone").selfSigned());
            JsonNode client = register(node, "\"jwks_uri\":\"https://localhost:1/jwks\"");
            assertInvalidClient(clientCredentials(node, cert, client.get("client_id").asText()));
        }

        private JsonNode register(MtlsNode node, String keys) {
            HttpResponse<String> r = MtlsNode.postJson(node.http(null),
                    node.realmUrl(realm) + "/clients-registrations/openid-connect", node.initialAccessToken(realm),
                    "{\"token_endpoint_auth_method\":\"self_signed_tls_client_auth\",\"grant_types\":[\"client_credentials\"],"
                            + "\"tls_client_certificate_bound_access_tokens\":true," + keys + "}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            return Http.json(r);
        }
    }

    static Map<String, Object> selfSignedClient(String clientId, String jwks) {
        return Map.of("clientId", clientId, "publicClient", false, "serviceAccountsEnabled", true,
                "standardFlowEnabled", false, "clientAuthenticatorType", "client-x509-self-signed",
                "attributes", Map.of("use.jwks.string", "true", "jwks.string", jwks,
                        "tls.client.certificate.bound.access.tokens", "true"));
    }

    static HttpResponse<String> clientCredentials(MtlsNode node, ClientCert cert, String clientId) {
        return MtlsNode.postForm(node.http(cert), node.tokenUrl(realm),
                Http.params("grant_type", "client_credentials", "client_id", clientId));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
