package dev.fapikit.mtls.auth;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.GeneralSecurityException;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.keycloak.authentication.authenticators.client.X509ClientAuthenticator;
import org.keycloak.authentication.authenticators.x509.CertificateValidator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.truststore.TruststoreProvider;
import org.keycloak.utils.StringUtil;

import org.jboss.logging.Logger;

/**
 * RFC 8705 §2.1: the PKI method trusts a certificate only when its chain leads to a trust anchor of the server's
 * truststore ({@code truststore-paths}), within validity and not revoked where revocation checking is configured, as
 * Keycloak's own X.509 client authenticator checks it.
 * <p>
 * Also the compatibility adapter for the X.509 client authentication of Keycloak 26.4 / 26.5+, chosen once (by the
 * presence of the methods below) when an authenticator factory is created:
 * <ul>
 * <li>Keycloak 26.5 and later: {@code CertificateValidator.getCertPathBuilderResult()} names the anchor the chain was
 * validated to, {@code X509ClientAuthenticator.constructX500Principal} parses a CA DN, and {@code client-x509} itself
 * validates the chain of a client pinned to a CA ({@code x509.casubjectdn}).</li>
 * <li>Keycloak 26.4: none of these exist, and {@code client-x509} validates no chain at all. The validator still
 * validates the chain against the truststore; the anchor is then the truststore root certificate that signed the end
 * of the chain (through the truststore's intermediates), and FAPI Kit checks the CA pin itself.</li>
 * </ul>
 */
final class TrustedChain {

    /**
     * The client attribute naming the CA a client is pinned to: Keycloak 26.5+'s
     * {@code X509ClientAuthenticator.ATTR_CA_SUBJECT_DN} (absent from 26.4, where FAPI Kit honours the same attribute).
     */
    static final String CA_SUBJECT_DN_ATTRIBUTE = "x509.casubjectdn";

    private static final Logger LOG = Logger.getLogger(TrustedChain.class);
    private static final int MAX_INTERMEDIATES = 10;

    private final MethodHandle certPathBuilderResult;
    private final MethodHandle constructX500Principal;

    private TrustedChain(MethodHandle certPathBuilderResult, MethodHandle constructX500Principal) {
        this.certPathBuilderResult = certPathBuilderResult;
        this.constructX500Principal = constructX500Principal;
    }

    /** The adapter for the Keycloak classes this JVM runs. */
    static TrustedChain forRuntime() {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle result;
        MethodHandle principal;
        try {
            result = lookup.findVirtual(CertificateValidator.class, "getCertPathBuilderResult",
                    MethodType.methodType(PKIXCertPathBuilderResult.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            result = null;
        }
        try {
            principal = lookup.findStatic(X509ClientAuthenticator.class, "constructX500Principal",
                    MethodType.methodType(X500Principal.class, String.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            principal = null;
        }
        return new TrustedChain(result, principal);
    }

    /** Whether Keycloak's {@code client-x509} validates the chain of a client with a CA DN itself (26.5+; not 26.4). */
    boolean keycloakValidatesPinnedChains() {
        return constructX500Principal != null;
    }

    /**
     * RFC 8705 §2.1: why the chain does not authenticate a client pinned to {@code caSubjectDn} (none when blank), as
     * the error description; {@code null} when it leads to a trust anchor the client accepts.
     */
    String refusal(KeycloakSession session, X509Certificate[] chain, String caSubjectDn) {
        X509Certificate anchor = trustAnchor(session, chain);
        if (anchor == null) {
            return "The client certificate is not valid or not issued by a trusted CA";
        }
        if (!anchorAllowed(anchor, caSubjectDn)) {
            return "The client certificate is not issued by the client's registered CA";
        }
        return null;
    }

    /** The trust anchor of the chain, or {@code null} when the chain is not trusted. */
    X509Certificate trustAnchor(KeycloakSession session, X509Certificate[] chain) {
        try {
            CertificateValidator validator = new CertificateValidator.CertificateValidatorBuilder()
                    .session(session)
                    .trustValidation().enabled(true)
                    .timestampValidation().enabled(true)
                    .build(chain);
            validator.checkRevocationStatus().validateTimestamps().validateTrust();
            if (certPathBuilderResult != null) {
                return ((PKIXCertPathBuilderResult) certPathBuilderResult.invokeExact(validator)).getTrustAnchor().getTrustedCert();
            }
            return anchorInTruststore(session, chain);
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debugf("Untrusted client certificate %s: %s", chain[0].getSubjectX500Principal(), e.getMessage());
            return null;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the anchor is the CA the client is pinned to ({@code x509.casubjectdn}); unpinned clients accept any. */
    boolean anchorAllowed(X509Certificate anchor, String caSubjectDn) {
        if (StringUtil.isBlank(caSubjectDn)) {
            return true;
        }
        X500Principal expected;
        try {
            expected = constructX500Principal != null
                    ? (X500Principal) constructX500Principal.invokeExact(caSubjectDn)
                    : new X500Principal(caSubjectDn);
        } catch (IllegalArgumentException e) {
            LOG.debugf("Unparseable CA subject DN '%s': %s", caSubjectDn, e.getMessage());
            return false;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        return expected.equals(anchor.getSubjectX500Principal());
    }

    /**
     * Keycloak 26.4: the root certificate of the truststore the (already validated) chain ends in, following the
     * truststore's intermediates; {@code null} when none signed it.
     */
    private static X509Certificate anchorInTruststore(KeycloakSession session, X509Certificate[] chain) {
        TruststoreProvider truststore = session.getProvider(TruststoreProvider.class);
        if (truststore == null || truststore.getRootCertificates() == null) {
            return null;
        }
        Map<X500Principal, List<X509Certificate>> roots = truststore.getRootCertificates();
        Map<X500Principal, List<X509Certificate>> intermediates = truststore.getIntermediateCertificates() == null
                ? Map.of() : truststore.getIntermediateCertificates();
        X509Certificate current = chain[chain.length - 1];
        for (int i = 0; i <= MAX_INTERMEDIATES && current != null; i++) {
            X509Certificate root = signer(current, roots);
            if (root != null) {
                return root;
            }
            current = signer(current, intermediates);
        }
        return null;
    }

    private static X509Certificate signer(X509Certificate cert, Map<X500Principal, List<X509Certificate>> candidates) {
        for (X509Certificate candidate : candidates.getOrDefault(cert.getIssuerX500Principal(), List.of())) {
            try {
                cert.verify(candidate.getPublicKey());
                return candidate;
            } catch (GeneralSecurityException | RuntimeException e) {
                // another certificate with the same subject
            }
        }
        return null;
    }
}
