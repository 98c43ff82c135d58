package dev.fapikit.core.outbound;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * POSTs to URLs the server calls again and again (CIBA ping and push notification endpoints, the notification
 * webhook), over pooled connections that can only ever have been opened to addresses the {@link OutboundGuard} let
 * through: the connection manager resolves a host name with the guard itself ({@link OutboundGuard#resolveHost}), so
 * the addresses checked are the addresses connected to, with no second lookup in between (no DNS-rebinding window).
 * A pooled connection is reused only for the same scheme, host and port, and was checked when it was opened. TLS uses
 * the URL's host name for SNI and certificate verification. No redirects, no cookies, no automatic retries (the
 * caller decides), bounded connect and read time.
 */
public final class PinnedPoster implements Closeable {

    /** A pool large enough for bursts of notifications, small enough that one slow receiver cannot take the server's sockets. */
    static final int MAX_CONNECTIONS = 64;
    static final int MAX_CONNECTIONS_PER_ENDPOINT = 8;

    /** The most of an answer's body read (the status is what counts); a longer body ends the connection. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final CloseableHttpClient client;
    private final int timeoutMillis;
    // one daemon thread per poster that aborts requests at their deadline (a slow-drip receiver cannot hold a sender)
    private final java.util.concurrent.ScheduledExecutorService deadlines;

    public PinnedPoster(OutboundGuard guard, SSLContext sslContext, int connectTimeoutMillis, int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.deadlines = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fapi-kit-outbound-deadline");
            t.setDaemon(true);
            return t;
        });
        DnsResolver checked = guard::resolveHost;
        Registry<ConnectionSocketFactory> sockets = RegistryBuilder.<ConnectionSocketFactory>create()
                .register("https", new SSLConnectionSocketFactory(sslContext, SSLConnectionSocketFactory.getDefaultHostnameVerifier()))
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .build();
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(sockets, null, null, checked, 60, TimeUnit.SECONDS);
        pool.setMaxTotal(MAX_CONNECTIONS);
        pool.setDefaultMaxPerRoute(MAX_CONNECTIONS_PER_ENDPOINT);
        pool.setValidateAfterInactivity(2000);
        RequestConfig timeouts = RequestConfig.custom().setConnectTimeout(connectTimeoutMillis).setSocketTimeout(timeoutMillis)
                .setConnectionRequestTimeout(timeoutMillis).setRedirectsEnabled(false).build();
        client = HttpClientBuilder.create().setConnectionManager(pool).setDefaultRequestConfig(timeouts)
                .disableRedirectHandling().disableCookieManagement().disableAutomaticRetries().disableAuthCaching()
                .evictIdleConnections(30, TimeUnit.SECONDS).build();
    }

    /**
     * The answer's status. The URL must have passed {@link OutboundGuard#check} (scheme, host); the connection's
     * addresses are checked again here. Throws {@link OutboundGuard.RefusedException} when the host now resolves to an
     * address the guard refuses, {@link org.apache.http.conn.ConnectTimeoutException} when no connection could be made
     * in time, {@link java.net.SocketTimeoutException} when the receiver took the request but did not answer in time,
     * and another {@link IOException} for any other network failure.
     */
    public int post(URI uri, String contentType, Map<String, String> headers, String body) throws IOException {
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), ContentType.parse(contentType)));
        try (CloseableHttpResponse response = execute(post)) {
            drain(post, response);
            return response.getStatusLine().getStatusCode();
        }
    }

    /**
     * Any request (the caller builds it, e.g. Keycloak's back-channel logout POST), over the same pinned connections,
     * aborted when it has not completed within the timeout (connect, send and the answer's headers); the caller
     * consumes and closes the response.
     */
    public CloseableHttpResponse execute(org.apache.http.client.methods.HttpUriRequest request) throws IOException {
        java.util.concurrent.ScheduledFuture<?> deadline = request instanceof org.apache.http.client.methods.AbstractExecutionAwareRequest aware
                ? deadlines.schedule(aware::abort, timeoutMillis, TimeUnit.MILLISECONDS) : null;
        try {
            return client.execute(request);
        } catch (IOException e) {
            if (request instanceof org.apache.http.client.methods.AbstractExecutionAwareRequest aware && aware.isAborted()) {
                throw new java.net.SocketTimeoutException("no complete answer within " + timeoutMillis + " ms");
            }
            throw e;
        } finally {
            if (deadline != null) deadline.cancel(false);
        }
    }

    // Reads at most MAX_BODY_BYTES within the deadline, so the connection can return to the pool; a longer or slower
    // body ends the connection instead.
    private void drain(HttpPost post, CloseableHttpResponse response) {
        HttpEntity entity = response.getEntity();
        if (entity == null) return;
        java.util.concurrent.ScheduledFuture<?> deadline = deadlines.schedule(post::abort, timeoutMillis, TimeUnit.MILLISECONDS);
        try (java.io.InputStream in = entity.getContent()) {
            byte[] buffer = new byte[8192];
            int total = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > MAX_BODY_BYTES) {
                    post.abort();
                    return;
                }
            }
        } catch (IOException e) {
            // the status has arrived; an unreadable body only costs the connection
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }
}
