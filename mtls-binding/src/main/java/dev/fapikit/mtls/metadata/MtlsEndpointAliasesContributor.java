package dev.fapikit.mtls.metadata;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.fapikit.core.metadata.MetadataContributor;

/**
 * Moves every {@code mtls_endpoint_aliases} URL (RFC 8705 §5) to the configured mutual-TLS origin.
 *
 * @param mtlsBaseUrl the origin of the mutual-TLS host; {@code null} leaves the aliases as they are
 */
record MtlsEndpointAliasesContributor(URI mtlsBaseUrl) implements MetadataContributor {

    static final String MTLS_ENDPOINT_ALIASES = "mtls_endpoint_aliases";

    @Override
    public void contribute(KeycloakSession session, RealmModel realm, Map<String, Object> metadata) {
        if (mtlsBaseUrl != null && metadata.get(MTLS_ENDPOINT_ALIASES) instanceof Map<?, ?> aliases) {
            metadata.put(MTLS_ENDPOINT_ALIASES, onMtlsHost(aliases));
        }
    }

    Map<String, Object> onMtlsHost(Map<?, ?> aliases) {
        Map<String, Object> moved = new LinkedHashMap<>();
        aliases.forEach((name, url) -> moved.put(String.valueOf(name), url instanceof String s ? onMtlsHost(s) : url));
        return moved;
    }

    private String onMtlsHost(String url) {
        URI endpoint = URI.create(url);
        StringBuilder moved = new StringBuilder(mtlsBaseUrl.toString()).append(endpoint.getRawPath());
        if (endpoint.getRawQuery() != null) {
            moved.append('?').append(endpoint.getRawQuery());
        }
        return moved.toString();
    }
}
