package dev.fapikit.core.outbound;

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
record GuardedHttpClientProvider(KeycloakSession session, HttpClientProvider keycloak) implements HttpClientProvider {

    private static final Logger LOG = Logger.getLogger(GuardedHttpClientProvider.class);

    @Override
    public String getString(String uri) throws IOException {
        ClientModel client = session.getContext() == null ? null : session.getContext().getClient();
        // the request_uri parameter of this very request (a client-named URL, whatever the client registered: a
        // realm import can carry request_uris such as "*" that name no host), or a host the client registered
        if (!uri.equals(requestUriOfThisRequest()) && !namedByClient(client, uri)) {
            return keycloak.getString(uri);
        }
        OutboundProvider outbound = OutboundProvider.of(session);
        try {
            OutboundGuard.Target target = outbound.guard().resolve(uri);
            return new String(outbound.http().get(target, "application/oauth-authz-req+jwt, application/jwt, */*"), StandardCharsets.UTF_8);
        } catch (OutboundGuard.RefusedException e) {
            LOG.warnf("request_uri of client '%s' not fetched: %s%s", client == null ? "?" : client.getClientId(), e.getMessage(),
                    e.detail() == null ? "" : " (" + e.detail() + ")");
            throw new IOException("the request_uri could not be fetched");
        } catch (IOException e) {
            LOG.warnf("request_uri of client '%s' could not be fetched: %s", client == null ? "?" : client.getClientId(), e.getMessage());
            throw new IOException("the request_uri could not be fetched");
        }
    }

    /** The {@code request_uri} parameter of the request being served (query or form), if any. */
    private String requestUriOfThisRequest() {
        try {
            var request = session.getContext() == null ? null : session.getContext().getHttpRequest();
            if (request == null) return null;
            String fromQuery = request.getUri() == null ? null : request.getUri().getQueryParameters().getFirst("request_uri");
            if (fromQuery != null) return fromQuery;
            var form = request.getDecodedFormParameters();
            return form == null ? null : form.getFirst("request_uri");
        } catch (RuntimeException e) {
            return null; // no HTTP request (a background task)
        }
    }

    /**
     * {@code adminUrl} calls of Keycloak (OIDC {@code k_logout}, push not-before): the URL is the client's, so it goes
     * through the guard, pinned, with the same deadline as every other client-named call.
     */
    @Override
    public int postText(String uri, String text) throws IOException {
        OutboundProvider outbound = OutboundProvider.of(session);
        try {
            return outbound.poster().post(outbound.guard().check(uri), "text/plain", java.util.Map.of(), text);
        } catch (OutboundGuard.RefusedException e) {
            LOG.warnf("admin URL call not sent: %s%s", e.getMessage(), e.detail() == null ? "" : " (" + e.detail() + ")");
            throw new IOException("admin URL refused by the outbound guard");
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
        return new LogoutGuardingHttpClient(keycloak.getHttpClient(), OutboundProvider.of(session));
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
