package dev.fapikit.mtls.auth;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import org.keycloak.authentication.authenticators.client.X509ClientAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.truststore.TruststoreProvider;
import org.keycloak.utils.StringUtil;

import org.jboss.logging.Logger;

/**
 * RFC 8705 §2.1: the PKI method trusts a certificate only when its chain leads to a trust anchor of the server's
 * truststore, within validity, as Keycloak's own X.509 client authenticator ({@code CertificateValidator.validateTrust})
 * checks it: the same anchors (the truststore's root certificates; on Keycloak 26.5+ those of the HTTPS truststore,
 * which falls back to {@code truststore-paths}), the same intermediates (the presented chain and the truststore's),
 * every presented certificate within its validity period, no revocation check (Keycloak's {@code client-x509} enables
 * none either).
 * <p>
 * The path is built with the JDK's PKIX {@link CertPathBuilder} (RFC 5280 §6) from trust anchors and an intermediate
 * store made once per truststore: Keycloak's validator collects the whole truststore into new anchors and builds the
 * path with Bouncy Castle on every request, the largest per-request cost of {@code tls_client_auth} (issue 20). The
 * anchors are derived from the truststore provider's own maps and rebuilt whenever the provider hands out different ones,
 * so each node's cache is exactly its truststore; nothing else is kept.
 * <p>
 * Also the compatibility adapter for the X.509 client authentication of Keycloak 26.4 / 26.5+, chosen once (by the
 * presence of the methods below) when an authenticator factory is created: on 26.5 and later
 * {@code X509ClientAuthenticator.constructX500Principal} parses a CA DN, {@code client-x509} itself validates the chain
 * of a client pinned to a CA ({@code x509.casubjectdn}) and the truststore has an HTTPS part; on 26.4 none of these
 * exist, {@code client-x509} validates no chain at all, and FAPI Kit checks the CA pin itself.
 */
final class TrustedChain {

    /**
     * The client attribute naming the CA a client is pinned to: Keycloak 26.5+'s
     * {@code X509ClientAuthenticator.ATTR_CA_SUBJECT_DN} (absent from 26.4, where FAPI Kit honours the same attribute).
     */
    static final String CA_SUBJECT_DN_ATTRIBUTE = "x509.casubjectdn";

    private static final Logger LOG = Logger.getLogger(TrustedChain.class);

    private final MethodHandle httpsRoots;
    private final MethodHandle httpsIntermediates;
    private final MethodHandle constructX500Principal;
    /** The anchors of the truststore maps last seen; replaced as a whole when the provider's maps change. */
    private volatile Anchors anchors;

    private TrustedChain(MethodHandle httpsRoots, MethodHandle httpsIntermediates, MethodHandle constructX500Principal) {
        this.httpsRoots = httpsRoots;
        this.httpsIntermediates = httpsIntermediates;
        this.constructX500Principal = constructX500Principal;
    }

    /** The adapter for the Keycloak classes this JVM runs. */
    static TrustedChain forRuntime() {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodType certificates = MethodType.methodType(Map.class);
        return new TrustedChain(find(() -> lookup.findVirtual(TruststoreProvider.class, "getHttpsRootCertificates", certificates)),
                find(() -> lookup.findVirtual(TruststoreProvider.class, "getHttpsIntermediateCertificates", certificates)),
                find(() -> lookup.findStatic(X509ClientAuthenticator.class, "constructX500Principal",
                        MethodType.methodType(X500Principal.class, String.class))));
    }

    private interface Lookup {
        MethodHandle find() throws NoSuchMethodException, IllegalAccessException;
    }

    private static MethodHandle find(Lookup lookup) {
        try {
            return lookup.find();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
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
            Anchors trusted = anchors(session);
            if (trusted == null) {
                LOG.debug("Cannot validate a client certificate: no truststore is configured");
                return null;
            }
            // Keycloak's validateTimestamps: every presented certificate, not only those on the path
            for (X509Certificate certificate : chain) {
                certificate.checkValidity();
            }
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(chain[0]);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(trusted.anchors(), target);
            parameters.setRevocationEnabled(false);
            parameters.addCertStore(trusted.intermediates());
            if (chain.length > 1) {
                parameters.addCertStore(CertStore.getInstance("Collection",
                        new CollectionCertStoreParameters(Arrays.asList(chain).subList(1, chain.length))));
            }
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(parameters);
            return result.getTrustAnchor().getTrustedCert();
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debugf("Untrusted client certificate %s: %s", chain[0].getSubjectX500Principal(), e.getMessage());
            return null;
        }
    }

    /** The anchors of the session's truststore: the cached ones while the provider hands out the same maps. */
    private Anchors anchors(KeycloakSession session) throws GeneralSecurityException {
        TruststoreProvider truststore = session.getProvider(TruststoreProvider.class);
        if (truststore == null) {
            return null;
        }
        Map<X500Principal, List<X509Certificate>> roots = certificates(truststore, httpsRoots, true);
        Map<X500Principal, List<X509Certificate>> intermediates = certificates(truststore, httpsIntermediates, false);
        if (roots == null || roots.isEmpty()) {
            return null;
        }
        Anchors current = anchors;
        if (current != null && current.roots() == roots && current.intermediateSource() == intermediates) {
            return current;
        }
        Set<TrustAnchor> set = new HashSet<>();
        roots.values().forEach(list -> list.forEach(root -> set.add(new TrustAnchor(root, null))));
        List<X509Certificate> between = new ArrayList<>();
        if (intermediates != null) {
            intermediates.values().forEach(between::addAll);
        }
        current = new Anchors(roots, intermediates, Set.copyOf(set),
                CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.copyOf(between))));
        anchors = current;
        return current;
    }

    /** The HTTPS truststore's certificates where this Keycloak has them (26.5+), else those of the truststore. */
    @SuppressWarnings("unchecked")
    private static Map<X500Principal, List<X509Certificate>> certificates(TruststoreProvider truststore, MethodHandle https,
            boolean roots) {
        if (https != null) {
            try {
                return (Map<X500Principal, List<X509Certificate>>) (Map<?, ?>) https.invoke(truststore);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
        return roots ? truststore.getRootCertificates() : truststore.getIntermediateCertificates();
    }

    /** Trust anchors and intermediates made from one pair of truststore maps (compared by identity). */
    private record Anchors(Map<X500Principal, List<X509Certificate>> roots,
            Map<X500Principal, List<X509Certificate>> intermediateSource, Set<TrustAnchor> anchors, CertStore intermediates) {
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
}
