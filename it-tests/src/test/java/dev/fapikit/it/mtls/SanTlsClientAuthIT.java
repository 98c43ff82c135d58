package dev.fapikit.it.mtls;

import static dev.fapikit.it.mtls.Tokens.assertInvalidClient;
import static dev.fapikit.it.mtls.Tokens.boundThumbprint;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.TestPki;
import dev.fapikit.it.harness.TestPki.CertSpec;

/**
 * RFC 8705 §2.1.2 {@code tls_client_auth} by subject alternative name, and §2.1 PKI validation: the certificate must
 * chain to the server's truststore and carry the registered SAN value.
 */
@ExtendWith(MtlsNode.Extension.class)
@DisplayName("tls_client_auth by subject alternative name (RFC 8705 §2.1.2)")
class SanTlsClientAuthIT {

    /** One registered value per SAN type, and another value of the same type. */
    enum San {
        DNS("x509.san.dns", "tls_client_auth_san_dns", GeneralName.dNSName, "client.example.org", "other.example.org"),
        URI("x509.san.uri", "tls_client_auth_san_uri", GeneralName.uniformResourceIdentifier,
                "https://client.example.org/id", "https://other.example.org/id"),
        IP("x509.san.ip", "tls_client_auth_san_ip", GeneralName.iPAddress, "192.0.2.7", "192.0.2.8"),
        EMAIL("x509.san.email", "tls_client_auth_san_email", GeneralName.rfc822Name, "ops@client.example.org",
                "ops@other.example.org");

        final String attribute;
        final String metadata;
        final int tag;
        final String value;
        final String otherValue;

        San(String attribute, String metadata, int tag, String value, String otherValue) {
            this.attribute = attribute;
            this.metadata = metadata;
            this.tag = tag;
            this.value = value;
            this.otherValue = otherValue;
        }
    }

    private static String realm;

    @BeforeAll
    static void realm(MtlsNode node) {
        realm = node.createRealm("san");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(San.class)
    @DisplayName("a matching certificate authenticates; another SAN or an untrusted CA gets invalid_client")
    void eachSanType(San san, MtlsNode node) throws Exception {
        String clientId = "san-" + san.name().toLowerCase() + "-" + System.nanoTime();
        node.createClient(realm, Map.of("clientId", clientId, "publicClient", false, "serviceAccountsEnabled", true,
                "standardFlowEnabled", false, "clientAuthenticatorType", "client-x509-san",
                "attributes", Map.of(san.attribute, san.value, "tls.client.certificate.bound.access.tokens", "true")));

        ClientCert matching = node.pki().issue(CertSpec.named(clientId).san(new GeneralName(san.tag, san.value)));
        assertThat(boundThumbprint(node, realm, clientCredentials(node, matching, clientId))).isEqualTo(matching.x5tS256());

        ClientCert otherSan = node.pki().issue(CertSpec.named(clientId + "-other").san(new GeneralName(san.tag, san.otherValue)));
        assertInvalidClient(clientCredentials(node, otherSan, clientId));

        ClientCert untrusted = TestPki.untrustedCa("CN=Untrusted CA,O=Elsewhere")
                .issue(CertSpec.named(clientId + "-untrusted").san(new GeneralName(san.tag, san.value)));
        assertInvalidClient(clientCredentials(node, untrusted, clientId));

        ClientCert selfSigned = node.pki().issue(CertSpec.named(clientId + "-self").selfSigned()
                .san(new GeneralName(san.tag, san.value)));
        assertInvalidClient(clientCredentials(node, selfSigned, clientId));

        assertInvalidClient(clientCredentials(node, null, clientId));
    }

    @Nested
    @DisplayName("Given dynamic client registration (RFC 7591)")
    class DynamicRegistration {

        @Test
        @DisplayName("tls_client_auth_san_uri is registered, returned, read back, and authenticates")
        void registersSanUri(MtlsNode node) throws Exception {
            HttpResponse<String> created = register(node, "\"token_endpoint_auth_method\":\"tls_client_auth\","
                    + "\"tls_client_auth_san_uri\":\"https://dcr.example.org/client\"");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode client = Http.json(created);
            assertThat(client.get("token_endpoint_auth_method").asText()).isEqualTo("tls_client_auth");
            assertThat(client.get("tls_client_auth_san_uri").asText()).isEqualTo("https://dcr.example.org/client");

            HttpResponse<String> read = MtlsNode.get(node.http(null), client.get("registration_client_uri").asText(),
                    "Authorization", "Bearer " + client.get("registration_access_token").asText());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(Http.json(read).get("tls_client_auth_san_uri").asText()).isEqualTo("https://dcr.example.org/client");

            String clientId = client.get("client_id").asText();
            ClientCert cert = node.pki().issue(CertSpec.named("dcr-san-uri")
                    .san(new GeneralName(GeneralName.uniformResourceIdentifier, "https://dcr.example.org/client")));
            assertThat(boundThumbprint(node, realm, clientCredentials(node, cert, clientId))).isEqualTo(cert.x5tS256());
            ClientCert other = node.pki().issue(CertSpec.named("dcr-san-uri-other")
                    .san(new GeneralName(GeneralName.uniformResourceIdentifier, "https://dcr.example.org/other")));
            assertInvalidClient(clientCredentials(node, other, clientId));
        }

        @Test
        @DisplayName("two SAN values, or SAN with subject DN, or SAN with another method, are invalid_client_metadata")
        void refusesAmbiguousMetadata(MtlsNode node) {
            assertInvalidMetadata(register(node, "\"token_endpoint_auth_method\":\"tls_client_auth\","
                    + "\"tls_client_auth_san_dns\":\"a.example.org\",\"tls_client_auth_san_ip\":\"192.0.2.1\""));
            assertInvalidMetadata(register(node, "\"token_endpoint_auth_method\":\"tls_client_auth\","
                    + "\"tls_client_auth_san_dns\":\"a.example.org\",\"tls_client_auth_subject_dn\":\"CN=a\""));
            assertInvalidMetadata(register(node, "\"token_endpoint_auth_method\":\"private_key_jwt\","
                    + "\"tls_client_auth_san_dns\":\"a.example.org\""));
        }

        private HttpResponse<String> register(MtlsNode node, String metadata) {
            return MtlsNode.postJson(node.http(null), node.realmUrl(realm) + "/clients-registrations/openid-connect",
                    node.initialAccessToken(realm), "{\"grant_types\":[\"client_credentials\"],"
                            + "\"tls_client_certificate_bound_access_tokens\":true," + metadata + "}");
        }

        private void assertInvalidMetadata(HttpResponse<String> response) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(Http.json(response).get("error").asText()).isEqualTo("invalid_client_metadata");
        }
    }

    @Test
    @DisplayName("client-x509 by subject DN without a CA DN still requires a chain to the truststore")
    void subjectDnClientRequiresTrustedChain(MtlsNode node) throws Exception {
        String clientId = "dn-" + System.nanoTime();
        String dn = "CN=" + clientId + ",O=FAPI Kit Dev";
        node.createClient(realm, Map.of("clientId", clientId, "publicClient", false, "serviceAccountsEnabled", true,
                "standardFlowEnabled", false, "clientAuthenticatorType", "client-x509",
                "attributes", Map.of("x509.subjectdn", dn, "x509.allow.regex.pattern.comparison", "false",
                        "tls.client.certificate.bound.access.tokens", "true")));
        ClientCert issued = node.pki().issue(CertSpec.named(clientId).subject(dn));
        assertThat(boundThumbprint(node, realm, clientCredentials(node, issued, clientId))).isEqualTo(issued.x5tS256());
        ClientCert selfSigned = node.pki().issue(CertSpec.named(clientId + "-self").subject(dn).selfSigned());
        assertInvalidClient(clientCredentials(node, selfSigned, clientId));
    }

    static HttpResponse<String> clientCredentials(MtlsNode node, ClientCert cert, String clientId) {
        return MtlsNode.postForm(node.http(cert), node.tokenUrl(realm),
                Http.params("grant_type", "client_credentials", "client_id", clientId));
    }
}
