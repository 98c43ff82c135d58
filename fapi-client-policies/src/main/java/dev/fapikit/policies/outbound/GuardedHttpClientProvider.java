package dev.fapikit.policies.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.apache.http.impl.client.CloseableHttpClient;
import org.jboss.logging.Logger;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;

/**
 * Delegates to Keycloak's HTTP client; back-channel logout requests sent through {@link #getHttpClient()} go through
 * the guard ({@link LogoutGuardingHttpClient}); {@link #getString} of a URL on a host the requesting client registered in its
 * {@code request_uris} is fetched by FAPI Kit instead: through the {@link OutboundGuard} (public addresses only, unless
 * allow-listed), connected to exactly the checked addresses, no redirects, bounded time and size. Keycloak fetches a
 * non-PAR {@code request_uri} with {@code getString} after checking it against the client's registered
 * {@code request_uris}; the client of the request is the session's context client at that point.
 */
final class GuardedHttpClientProvider implements HttpClientProvider {

    private static final Logger LOG = Logger.getLogger(GuardedHttpClientProvider.class);

    private final KeycloakSession session;
    private final HttpClientProvider keycloak;

    GuardedHttpClientProvider(KeycloakSession session, HttpClientProvider keycloak) {
        this.session = session;
        this.keycloak = keycloak;
    }

    @Override
    public String getString(String uri) throws IOException {
        ClientModel client = session.getContext() == null ? null : session.getContext().getClient();
        if (!namedByClient(client, uri)) {
            return keycloak.getString(uri);
        }
        OutboundProvider outbound = OutboundProvider.of(session);
        try {
            OutboundGuard.Target target = outbound.guard().resolve(uri);
            return new String(outbound.http().get(target, "application/oauth-authz-req+jwt, application/jwt, */*"), StandardCharsets.UTF_8);
        } catch (OutboundGuard.RefusedException e) {
            LOG.warnf("request_uri of client '%s' not fetched: %s%s", client.getClientId(), e.getMessage(),
                    e.detail() == null ? "" : " (" + e.detail() + ")");
            throw new IOException("the request_uri could not be fetched");
        } catch (IOException e) {
            LOG.warnf("request_uri of client '%s' could not be fetched: %s", client.getClientId(), e.getMessage());
            throw new IOException("the request_uri could not be fetched");
        }
    }

    /** True when {@code uri}'s host is the host of one of the client's registered {@code request_uris}. */
    static boolean namedByClient(ClientModel client, String uri) {
        if (client == null || uri == null) return false;
        List<String> registered = OIDCAdvancedConfigWrapper.fromClientModel(client).getRequestUris();
        if (registered == null || registered.isEmpty()) return false;
        String host = host(uri);
        return host != null && registered.stream().map(r -> host(withoutWildcard(r))).anyMatch(h -> Objects.equals(h, host));
    }

    private static String host(String url) {
        try {
            String h = URI.create(url.trim()).getHost();
            return h == null ? null : OutboundGuard.normalize(h).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String withoutWildcard(String url) {
        int star = url.indexOf('*');
        return star < 0 ? url : url.substring(0, star);
    }

    /** Keycloak's client; back-channel logout POSTs go through the guard ({@link LogoutGuardingHttpClient}). */
    @Override
    public CloseableHttpClient getHttpClient() {
        OutboundProvider outbound = OutboundProvider.of(session);
        return new LogoutGuardingHttpClient(keycloak.getHttpClient(), outbound.poster(), outbound.guard());
    }

    @Override
    public int postText(String uri, String text) throws IOException {
        return keycloak.postText(uri, text);
    }

    @Override
    public InputStream getInputStream(String uri) throws IOException {
        return keycloak.getInputStream(uri);
    }

    @Override
    public InputStream get(String uri) throws IOException {
        return keycloak.get(uri);
    }

    @Override
    public long getMaxConsumedResponseSize() {
        return keycloak.getMaxConsumedResponseSize();
    }

    @Override
    public void close() {
        keycloak.close();
    }
}
