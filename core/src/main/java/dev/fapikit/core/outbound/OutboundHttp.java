package dev.fapikit.core.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.net.ssl.SSLContext;

import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.BasicHttpClientConnectionManager;

/**
 * A GET to a URL that passed the {@link OutboundGuard}, connected to exactly the addresses the guard checked (DNS
 * pinning): the connection's resolver answers the checked addresses and nothing else, while TLS still uses the URL's
 * host name for SNI and certificate verification. No redirects (a redirect would be an unchecked target), no cookies,
 * no retries, bounded connect and read time and a bounded body.
 *
 * <p>One connection per call: the fetches are rare (Keycloak caches keys and rate-limits reloads) and a pooled
 * connection must never carry a request to another pin.
 *
 * @param sslContext    the trust of TLS connections
 * @param timeoutMillis connect and read timeout
 * @param maxBytes      the largest body read
 */
public record OutboundHttp(SSLContext sslContext, int timeoutMillis, int maxBytes) {

    /** The body of a 200 answer; anything else is an {@link IOException} whose message is for the log only. */
    public byte[] get(OutboundGuard.Target target, String accept) throws IOException {
        DnsResolver pinned = host -> target.addresses();
        Registry<ConnectionSocketFactory> sockets = RegistryBuilder.<ConnectionSocketFactory>create()
                .register("https", new SSLConnectionSocketFactory(sslContext, SSLConnectionSocketFactory.getDefaultHostnameVerifier()))
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .build();
        RequestConfig timeouts = RequestConfig.custom().setConnectTimeout(timeoutMillis).setSocketTimeout(timeoutMillis)
                .setConnectionRequestTimeout(timeoutMillis).setRedirectsEnabled(false).build();
        try (CloseableHttpClient client = HttpClientBuilder.create()
                .setConnectionManager(new BasicHttpClientConnectionManager(sockets, null, null, pinned))
                .setDefaultRequestConfig(timeouts).disableRedirectHandling().disableCookieManagement()
                .disableAutomaticRetries().disableAuthCaching().build()) {
            HttpGet get = new HttpGet(target.uri());
            get.setHeader("Accept", accept);
            try (CloseableHttpResponse response = client.execute(get)) {
                int status = response.getStatusLine().getStatusCode();
                if (status != 200) {
                    throw new IOException("HTTP status " + status + " from " + target.uri());
                }
                HttpEntity entity = response.getEntity();
                if (entity == null) throw new IOException("empty answer from " + target.uri());
                return readBounded(entity.getContent(), target);
            }
        }
    }

    private byte[] readBounded(InputStream in, OutboundGuard.Target target) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > maxBytes) {
                    throw new IOException("answer from " + target.uri() + " is larger than " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }
}
