package dev.fapikit.core.outbound;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.keycloak.models.KeycloakSession;
import org.keycloak.truststore.TruststoreProvider;

/** TLS for outbound calls that trusts what Keycloak's own outbound calls trust. */
public final class ServerTrust {

    private ServerTrust() {
    }

    /**
     * @param keyManagers the client certificate to present when a server asks for one, or {@code null} for none
     * @return a TLS context trusting the server truststore, else (no truststore provider) the JDK's defaults
     */
    public static SSLContext tlsContext(KeycloakSession session, KeyManager[] keyManagers) throws GeneralSecurityException {
        TruststoreProvider truststore = session.getProvider(TruststoreProvider.class);
        KeyStore keyStore = truststore == null ? null : truststore.getTruststore();
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keyStore);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }
}
