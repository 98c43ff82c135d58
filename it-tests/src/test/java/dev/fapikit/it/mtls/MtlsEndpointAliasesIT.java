package dev.fapikit.it.mtls;

import static dev.fapikit.it.mtls.Tokens.boundThumbprint;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.fapikit.it.harness.ClientCert;
import dev.fapikit.it.harness.Http;
import dev.fapikit.it.harness.TestPki.CertSpec;

/**
 * RFC 8705 §5: with {@code --spi-fapi-kit-metadata--mtls-endpoint-aliases--mtls-base-url} set, both discovery
 * documents send clients to the mTLS origin, and the endpoints answer there.
 */
@ExtendWith(MtlsNode.Extension.class)
@DisplayName("mtls_endpoint_aliases on a dedicated host (RFC 8705 §5)")
class MtlsEndpointAliasesIT {

    private static String realm;

    @BeforeAll
    static void realm(MtlsNode node) {
        realm = node.createRealm("aliases");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"})
    @DisplayName("every alias points to the mTLS origin, the normal endpoints stay on the public host")
    void aliasesPointToMtlsHost(String document, MtlsNode node) {
        JsonNode metadata = Http.json(MtlsNode.get(node.http(null), node.realmUrl(realm) + document));
        JsonNode aliases = metadata.get("mtls_endpoint_aliases");
        assertThat(aliases.get("token_endpoint").asText())
                .isEqualTo(node.mtlsBaseUrl() + "/realms/" + realm + "/protocol/openid-connect/token");
        aliases.forEach(url -> assertThat(url.asText()).startsWith(node.mtlsBaseUrl() + "/realms/" + realm + "/"));
        assertThat(aliases.size()).isGreaterThanOrEqualTo(6);
        assertThat(metadata.get("token_endpoint").asText()).isEqualTo(node.tokenUrl(realm));
        assertThat(metadata.get("tls_client_certificate_bound_access_tokens").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("a token request sent to the alias works and keeps the realm's issuer")
    void tokenRequestToAlias(MtlsNode node) throws Exception {
        JsonNode metadata = Http.json(MtlsNode.get(node.http(null), node.realmUrl(realm) + "/.well-known/openid-configuration"));
        ClientCert cert = node.pki().issue(CertSpec.named("alias-client").selfSigned());
        String clientId = "alias-" + System.nanoTime();
        node.createClient(realm, SelfSignedTlsClientAuthIT.selfSignedClient(clientId, cert.publicJwks()));

        HttpResponse<String> token = MtlsNode.postForm(node.http(cert),
                metadata.get("mtls_endpoint_aliases").get("token_endpoint").asText(),
                Http.params("grant_type", "client_credentials", "client_id", clientId));
        assertThat(boundThumbprint(node, realm, token)).isEqualTo(cert.x5tS256());
        assertThat(Tokens.verified(node, realm, Http.json(token).get("access_token").asText()).getIssuer())
                .isEqualTo(metadata.get("issuer").asText());
    }
}
