package dev.fapikit.ciba.grant;

import java.security.cert.X509Certificate;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import org.keycloak.http.FormPartValue;
import org.keycloak.http.HttpRequest;

/**
 * The approver's HTTP request as the push grant sees it: everything from that request except the TLS client
 * certificate, which is the one the client presented with its backchannel authentication request (CIBA Core 1.0
 * §10.3, RFC 8705 §3). Client policies that check the certificate of the token request (Keycloak's
 * {@code holder-of-key-enforcer}) then see the client's certificate, not the approver's connection.
 */
final class RecordedCertificateRequest implements HttpRequest {

    private final HttpRequest delegate;
    private final X509Certificate[] chain;

    RecordedCertificateRequest(HttpRequest delegate, X509Certificate[] chain) {
        this.delegate = delegate;
        this.chain = chain.clone();
    }

    @Override
    public X509Certificate[] getClientCertificateChain() {
        return chain.clone();
    }

    @Override
    public String getHttpMethod() {
        return delegate.getHttpMethod();
    }

    @Override
    public MultivaluedMap<String, String> getDecodedFormParameters() {
        return delegate.getDecodedFormParameters();
    }

    @Override
    public MultivaluedMap<String, FormPartValue> getMultiPartFormParameters() {
        return delegate.getMultiPartFormParameters();
    }

    @Override
    public HttpHeaders getHttpHeaders() {
        return delegate.getHttpHeaders();
    }

    @Override
    public UriInfo getUri() {
        return delegate.getUri();
    }

    @Override
    public boolean isProxyTrusted() {
        return delegate.isProxyTrusted();
    }
}
