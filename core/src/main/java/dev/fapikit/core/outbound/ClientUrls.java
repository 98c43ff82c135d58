package dev.fapikit.core.outbound;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.mappers.PairwiseSubMapperHelper;
import org.keycloak.services.util.ResolveRelative;

/**
 * The URLs a client's metadata makes the server call (RFC 7591 §2, OIDC Registration §2, OIDC Back-Channel Logout §2.2):
 * {@code jwks_uri}, {@code request_uris}, {@code backchannel_logout_uri}, {@code sector_identifier_uri}. Registration
 * (admin API and dynamic registration) refuses a client when one of them fails the {@link OutboundGuard}.
 */
public final class ClientUrls {

    public static final String JWKS_URI = "jwks_uri";
    public static final String REQUEST_URIS = "request_uris";
    public static final String BACKCHANNEL_LOGOUT_URI = "backchannel_logout_uri";
    public static final String SECTOR_IDENTIFIER_URI = "sector_identifier_uri";

    /**
     * The metadata names checked on a raw registration request, before Keycloak acts on any of them (Keycloak fetches
     * {@code sector_identifier_uri} while it registers). {@code backchannel_client_notification_endpoint} is checked by
     * the CIBA module, whose own allow-list adds to the server-wide one.
     */
    public static final List<String> REGISTRATION_METADATA = List.of(JWKS_URI, REQUEST_URIS, BACKCHANNEL_LOGOUT_URI,
            SECTOR_IDENTIFIER_URI);

    private ClientUrls() {
    }

    /** The client's fetched or called URLs by metadata name (empty names left out). */
    public static Map<String, List<String>> of(KeycloakSession session, ClientModel client) {
        Map<String, List<String>> urls = new LinkedHashMap<>();
        OIDCAdvancedConfigWrapper config = OIDCAdvancedConfigWrapper.fromClientModel(client);
        if (config.isUseJwksUrl() && notBlank(config.getJwksUrl())) {
            urls.put(JWKS_URI, List.of(resolved(session, client, config.getJwksUrl())));
        }
        List<String> requestUris = config.getRequestUris();
        if (requestUris != null && !requestUris.isEmpty()) {
            urls.put(REQUEST_URIS, requestUris.stream().filter(ClientUrls::notBlank).map(ClientUrls::withoutWildcard).toList());
        }
        if (notBlank(config.getBackchannelLogoutUrl())) {
            urls.put(BACKCHANNEL_LOGOUT_URI, List.of(config.getBackchannelLogoutUrl()));
        }
        List<String> sectors = client.getProtocolMappersStream().map(PairwiseSubMapperHelper::getSectorIdentifierUri)
                .filter(ClientUrls::notBlank).toList();
        if (!sectors.isEmpty()) urls.put(SECTOR_IDENTIFIER_URI, sectors);
        return urls;
    }

    /** The URLs of a raw registration request's metadata (a string or an array of strings), by metadata name. */
    public static Map<String, List<String>> ofMetadata(Map<String, Object> metadata) {
        Map<String, List<String>> urls = new LinkedHashMap<>();
        for (String name : REGISTRATION_METADATA) {
            Object value = metadata.get(name);
            List<String> values = new ArrayList<>();
            if (value instanceof String text && notBlank(text)) values.add(text);
            if (value instanceof Collection<?> list) {
                list.stream().filter(v -> v instanceof String s && notBlank(s)).map(v -> withoutWildcard((String) v)).forEach(values::add);
            }
            if (!values.isEmpty()) urls.put(name, values);
        }
        return urls;
    }

    /**
     * One human sentence per refused URL ("jwks_uri: host 127.0.0.1 resolves to a non-public address …"), checked as at
     * registration (a host that does not resolve yet passes; it is checked again when fetched).
     */
    public static List<String> refusals(OutboundGuard guard, Map<String, List<String>> urls) {
        List<String> refusals = new ArrayList<>();
        urls.forEach((name, values) -> {
            for (String url : values) {
                try {
                    guard.checkRegistration(url);
                } catch (OutboundGuard.RefusedException e) {
                    refusals.add(name + " refused: " + e.getMessage());
                }
            }
        });
        return refusals;
    }

    // As Keycloak resolves it when fetching (relative to the client's root URL); the raw value when that fails.
    private static String resolved(KeycloakSession session, ClientModel client, String url) {
        try {
            String r = ResolveRelative.resolveRelativeUri(session, client.getRootUrl(), url);
            return r == null ? url : r;
        } catch (RuntimeException e) {
            return url;
        }
    }

    // Keycloak's "valid request URIs" may end in a wildcard; the part before it names the host.
    private static String withoutWildcard(String url) {
        int star = url.indexOf('*');
        return star < 0 ? url : url.substring(0, star);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
