package dev.fapikit.mtls.metadata;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.fapikit.core.metadata.BundleInfo;
import dev.fapikit.core.metadata.MetadataContributor;
import dev.fapikit.core.metadata.MetadataContributorFactory;

/**
 * RFC 8705 §5: {@code mtls_endpoint_aliases} on a dedicated mutual-TLS host. Set
 * {@code --spi-fapi-kit-metadata--mtls-endpoint-aliases--mtls-base-url=https://mtls.example.com} and every alias in
 * {@code /.well-known/openid-configuration} and {@code /.well-known/oauth-authorization-server} points to that origin
 * with the endpoint's usual path, so browsers keep a host that never asks for a certificate. Unset, the aliases stay
 * as Keycloak computes them.
 */
public class MtlsEndpointAliasesContributorFactory implements MetadataContributorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "mtls-endpoint-aliases";
    /** Origin ({@code https://host[:port]}) of the host that terminates mutual TLS; unset keeps Keycloak's aliases. */
    public static final String MTLS_BASE_URL = "mtls-base-url";

    private URI mtlsBaseUrl;

    @Override
    public MetadataContributor create(KeycloakSession session) {
        return new MtlsEndpointAliasesContributor(mtlsBaseUrl);
    }

    @Override
    public void init(Config.Scope config) {
        mtlsBaseUrl = parseBaseUrl(config.get(MTLS_BASE_URL));
    }

    static URI parseBaseUrl(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(optionName() + " is not a URL: " + value, e);
        }
        boolean originOnly = uri.getRawPath() == null || uri.getRawPath().isEmpty() || "/".equals(uri.getRawPath());
        // RFC 8705 §5: the aliases are absolute https URLs; this option only replaces their origin.
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || !originOnly
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(optionName() + " must be an https origin such as https://mtls.example.com, not "
                    + value);
        }
        return URI.create(uri.getScheme().toLowerCase() + "://" + uri.getRawAuthority());
    }

    private static String optionName() {
        return "--spi-fapi-kit-metadata--" + PROVIDER_ID + "--" + MTLS_BASE_URL;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(MTLS_BASE_URL)
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Origin (https://host[:port]) of the host that asks clients for a TLS certificate. The "
                        + "mtls_endpoint_aliases of the discovery documents point there (RFC 8705 §5). Unset: the aliases "
                        + "repeat the normal endpoint URLs.")
                .add()
                .build();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new HashMap<>(BundleInfo.of(getClass()));
        info.put(MTLS_BASE_URL, mtlsBaseUrl == null ? "(unset: aliases repeat the endpoints)" : mtlsBaseUrl.toString());
        return info;
    }
}
