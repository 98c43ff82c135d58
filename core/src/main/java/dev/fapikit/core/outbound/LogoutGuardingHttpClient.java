package dev.fapikit.core.outbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.conn.ClientConnectionManager;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.params.HttpParams;
import org.apache.http.protocol.HttpContext;
import org.apache.http.util.EntityUtils;
import org.jboss.logging.Logger;

/**
 * Keycloak's shared HTTP client, except for back-channel logout requests to a client's URL, OpenID Connect
 * Back-Channel Logout §2.5 (a POST of a form with the {@code logout_token} parameter to the client's
 * {@code backchannel_logout_uri}) and SAML's (a form POST of a {@code SAMLRequest}): those are sent by the
 * {@link PinnedPoster} of the server-wide {@link OutboundGuard}, so a logout URL whose host name resolves inside the
 * network when the logout happens (long after registration checked it) gets no request. Every other request is
 * Keycloak's client's, unchanged.
 */
@SuppressWarnings("deprecation") // CloseableHttpClient's abstract getParams/getConnectionManager
final class LogoutGuardingHttpClient extends CloseableHttpClient {

    private static final Logger LOG = Logger.getLogger(LogoutGuardingHttpClient.class);

    private final CloseableHttpClient keycloak;
    private final OutboundProvider outbound;

    LogoutGuardingHttpClient(CloseableHttpClient keycloak, OutboundProvider outbound) {
        this.keycloak = keycloak;
        this.outbound = outbound;
    }

    @Override
    protected CloseableHttpResponse doExecute(HttpHost target, HttpRequest request, HttpContext context) throws IOException {
        if (!(request instanceof HttpUriRequest uriRequest) || !isBackchannelLogout(request)) {
            return keycloak.execute(target, request, context);
        }
        try {
            outbound.guard().check(uriRequest.getURI().toString());
            return outbound.poster().execute(uriRequest);
        } catch (OutboundGuard.RefusedException e) {
            LOG.warnf("back-channel logout to %s not sent: %s%s", uriRequest.getURI().getHost(), e.getMessage(),
                    e.detail() == null ? "" : " (" + e.detail() + ")");
            throw new IOException("back-channel logout URL refused by the outbound guard");
        }
    }

    /** OIDC Back-Channel Logout 1.0 §2.5: POST, form-encoded, a {@code logout_token} parameter. */
    static boolean isBackchannelLogout(HttpRequest request) {
        if (!"POST".equalsIgnoreCase(request.getRequestLine().getMethod()) || !(request instanceof HttpEntityEnclosingRequest enclosing)) {
            return false;
        }
        HttpEntity entity = enclosing.getEntity();
        if (entity == null || !entity.isRepeatable() || entity.getContentType() == null
                || !entity.getContentType().getValue().startsWith("application/x-www-form-urlencoded")) {
            return false;
        }
        try {
            String form = EntityUtils.toString(entity, StandardCharsets.UTF_8);
            // OIDC back-channel logout (logout_token), SAML back-channel logout (SAMLRequest by the POST binding)
            return form.startsWith("logout_token=") || form.contains("&logout_token=")
                    || form.startsWith("SAMLRequest=") || form.contains("&SAMLRequest=");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public HttpParams getParams() {
        return keycloak.getParams();
    }

    @Override
    public ClientConnectionManager getConnectionManager() {
        return keycloak.getConnectionManager();
    }

    /** Keycloak's client is shared and closed by its factory; this view closes nothing. */
    @Override
    public void close() {
    }
}
