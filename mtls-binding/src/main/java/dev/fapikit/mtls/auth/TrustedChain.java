package dev.fapikit.mtls.auth;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import javax.security.auth.x500.X500Principal;

import org.keycloak.authentication.authenticators.client.X509ClientAuthenticator;
import org.keycloak.authentication.authenticators.x509.CertificateValidator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.StringUtil;

import org.jboss.logging.Logger;

/**
 * RFC 8705 §2.1: the PKI method trusts a certificate only when its chain leads to a trust anchor of the server's
 * truststore ({@code truststore-paths}), within validity and not revoked where revocation checking is configured, as
 * Keycloak's own X.509 client authenticator checks it.
 */
final class TrustedChain {

    private static final Logger LOG = Logger.getLogger(TrustedChain.class);

    private TrustedChain() {
    }

    /** The trust anchor of the chain, or {@code null} when the chain is not trusted. */
    static X509Certificate trustAnchor(KeycloakSession session, X509Certificate[] chain) {
        try {
            CertificateValidator validator = new CertificateValidator.CertificateValidatorBuilder()
                    .session(session)
                    .trustValidation().enabled(true)
                    .timestampValidation().enabled(true)
                    .build(chain);
            validator.checkRevocationStatus().validateTimestamps().validateTrust();
            return validator.getCertPathBuilderResult().getTrustAnchor().getTrustedCert();
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debugf("Untrusted client certificate %s: %s", chain[0].getSubjectX500Principal(), e.getMessage());
            return null;
        }
    }

    /** Whether the anchor is the CA the client is pinned to ({@code x509.casubjectdn}); unpinned clients accept any. */
    static boolean anchorAllowed(X509Certificate anchor, String caSubjectDn) {
        if (StringUtil.isBlank(caSubjectDn)) {
            return true;
        }
        X500Principal expected = X509ClientAuthenticator.constructX500Principal(caSubjectDn);
        return expected.equals(anchor.getSubjectX500Principal());
    }
}
