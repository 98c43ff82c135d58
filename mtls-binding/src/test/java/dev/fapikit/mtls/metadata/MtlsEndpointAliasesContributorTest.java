package dev.fapikit.mtls.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 8705 §5: mtls_endpoint_aliases on a dedicated host")
class MtlsEndpointAliasesContributorTest {

    @Test
    void aliasesMoveToTheMtlsOriginAndKeepTheirPath() {
        Map<String, Object> metadata = metadata();

        new MtlsEndpointAliasesContributor(URI.create("https://mtls.example.com:8443")).contribute(null, null, metadata);

        assertThat(metadata.get("mtls_endpoint_aliases")).asInstanceOf(MAP).containsEntry("token_endpoint",
                "https://mtls.example.com:8443/realms/r/protocol/openid-connect/token");
        assertThat(metadata).containsEntry("token_endpoint", "https://as.example.com/realms/r/protocol/openid-connect/token");
    }

    @Test
    void unsetLeavesTheAliasesAlone() {
        Map<String, Object> metadata = metadata();

        new MtlsEndpointAliasesContributor(null).contribute(null, null, metadata);

        assertThat(metadata).isEqualTo(metadata());
    }

    @Test
    void theOptionIsAnHttpsOrigin() {
        assertThat(MtlsEndpointAliasesContributorFactory.parseBaseUrl("https://MTLS.example.com/"))
                .hasToString("https://MTLS.example.com");
        assertThat(MtlsEndpointAliasesContributorFactory.parseBaseUrl(" ")).isNull();
        assertThatThrownBy(() -> MtlsEndpointAliasesContributorFactory.parseBaseUrl("http://mtls.example.com"))
                .hasMessageContaining("--spi-fapi-kit-metadata--mtls-endpoint-aliases--mtls-base-url");
        assertThatThrownBy(() -> MtlsEndpointAliasesContributorFactory.parseBaseUrl("https://mtls.example.com/auth"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, Object> metadata() {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("token_endpoint", "https://as.example.com/realms/r/protocol/openid-connect/token");
        metadata.put("mtls_endpoint_aliases",
                Map.of("token_endpoint", "https://as.example.com/realms/r/protocol/openid-connect/token"));
        return metadata;
    }
}
