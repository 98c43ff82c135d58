package dev.fapikit.it.mtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.it.harness.FapiKit;
import dev.fapikit.it.harness.FapiKitServer;

/**
 * What the admin console reads to offer the mTLS client authenticators on a client's Credentials tab: the
 * authenticator list and, per authenticator, the per-client fields; and the server info entries of the module.
 */
@FapiKitServer
@DisplayName("mTLS client authenticators in the admin console")
class MtlsAdminConsoleIT {

    @Test
    @DisplayName("the Credentials tab offers both authenticators with their per-client fields")
    void credentialsTab(FapiKit kit) {
        List<String> offered = kit.admin().get("realms/fapi2/authentication/client-authenticator-providers")
                .findValuesAsText("id");
        assertThat(offered).contains("client-x509-self-signed", "client-x509-san", "client-x509");

        JsonNode authenticators = kit.admin().get("serverinfo").get("componentTypes")
                .get("org.keycloak.authentication.ClientAuthenticator");
        assertThat(clientProperties(authenticators, "client-x509-self-signed")).containsExactly("use.jwks.url", "jwks.url");
        assertThat(clientProperties(authenticators, "client-x509-san")).containsExactly("x509.san.dns", "x509.san.uri",
                "x509.san.ip", "x509.san.email", "x509.casubjectdn");
    }

    @Test
    @DisplayName("server info lists the module's providers with their module and version")
    void serverInfo(FapiKit kit) {
        JsonNode providers = kit.admin().get("serverinfo").get("providers");
        assertThat(module(providers, "client-authenticator", "client-x509-self-signed")).isEqualTo("fapi-kit-mtls-binding");
        assertThat(module(providers, "client-authenticator", "client-x509-san")).isEqualTo("fapi-kit-mtls-binding");
        assertThat(module(providers, "client-authenticator", "client-x509")).isEqualTo("fapi-kit-mtls-binding");
        assertThat(module(providers, "client-registration", "openid-connect")).isEqualTo("fapi-kit-core");
        assertThat(module(providers, "fapi-kit-metadata", "mtls-endpoint-aliases")).isEqualTo("fapi-kit-mtls-binding");
    }

    private static List<String> clientProperties(JsonNode authenticators, String id) {
        List<String> names = new ArrayList<>();
        authenticators.forEach(a -> {
            if (id.equals(a.get("id").asText())) {
                a.get("clientProperties").forEach(p -> names.add(p.get("name").asText()));
            }
        });
        return names;
    }

    private static String module(JsonNode providers, String spi, String id) {
        return providers.get(spi).get("providers").get(id).get("operationalInfo").get("fapi-kit-module").asText();
    }
}
