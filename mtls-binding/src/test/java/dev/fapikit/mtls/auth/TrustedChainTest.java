package dev.fapikit.mtls.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.truststore.TruststoreProvider;

/**
 * RFC 8705 §2.1 / RFC 5280 §6: {@link TrustedChain} validates the presented chain against the truststore's anchors and
 * intermediates, and follows the truststore when the provider hands out different certificates.
 */
class TrustedChainTest {

    private static final AtomicLong SERIAL = new AtomicLong(1000);

    static KeyPair rootKeys;
    static X509Certificate root;
    static KeyPair intermediateKeys;
    static X509Certificate intermediate;
    static X509Certificate leaf;
    static X509Certificate otherRoot;
    static X509Certificate otherLeaf;
    static X509Certificate expiredLeaf;

    @BeforeAll
    static void pki() throws Exception {
        rootKeys = TestCertificates.rsa();
        root = issue("CN=Root CA,O=Test", rootKeys, "CN=Root CA,O=Test", rootKeys, true, Duration.ZERO);
        intermediateKeys = TestCertificates.rsa();
        intermediate = issue("CN=Issuing CA,O=Test", intermediateKeys, "CN=Root CA,O=Test", rootKeys, true, Duration.ZERO);
        leaf = issue("CN=client,O=Test", TestCertificates.rsa(), "CN=Issuing CA,O=Test", intermediateKeys, false, Duration.ZERO);
        expiredLeaf = issue("CN=expired,O=Test", TestCertificates.rsa(), "CN=Issuing CA,O=Test", intermediateKeys, false,
                Duration.ofDays(3));
        KeyPair otherKeys = TestCertificates.rsa();
        otherRoot = issue("CN=Root CA,O=Test", otherKeys, "CN=Root CA,O=Test", otherKeys, true, Duration.ZERO);
        otherLeaf = issue("CN=client,O=Test", TestCertificates.rsa(), "CN=Root CA,O=Test", otherKeys, false, Duration.ZERO);
    }

    static X509Certificate issue(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean ca,
            Duration expiredAgo) throws Exception {
        Instant notAfter = expiredAgo.isZero() ? Instant.now().plus(Duration.ofDays(1)) : Instant.now().minus(expiredAgo);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notAfter.minus(Duration.ofDays(10))),
                Date.from(notAfter), new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        return new JcaX509CertificateConverter().setProvider("BC").getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").setProvider("BC").build(issuerKeys.getPrivate())));
    }

    static Map<X500Principal, List<X509Certificate>> index(X509Certificate... certificates) {
        return Map.of(certificates[0].getSubjectX500Principal(), List.of(certificates));
    }

    /** A session whose truststore provider hands out the roots and intermediates currently in {@code truststore}. */
    static KeycloakSession session(AtomicReference<Map<X500Principal, List<X509Certificate>>[]> truststore) {
        TruststoreProvider provider = (TruststoreProvider) Proxy.newProxyInstance(TrustedChainTest.class.getClassLoader(),
                new Class<?>[] {TruststoreProvider.class}, (p, m, a) -> switch (m.getName()) {
                    case "getRootCertificates", "getHttpsRootCertificates" -> truststore.get()[0];
                    case "getIntermediateCertificates", "getHttpsIntermediateCertificates" -> truststore.get()[1];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (KeycloakSession) Proxy.newProxyInstance(TrustedChainTest.class.getClassLoader(),
                new Class<?>[] {KeycloakSession.class}, (p, m, a) -> {
                    if ("getProvider".equals(m.getName()) && a.length == 1 && a[0] == TruststoreProvider.class) {
                        return provider;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    @SuppressWarnings("unchecked")
    static AtomicReference<Map<X500Principal, List<X509Certificate>>[]> truststore(
            Map<X500Principal, List<X509Certificate>> roots, Map<X500Principal, List<X509Certificate>> intermediates) {
        return new AtomicReference<>(new Map[] {roots, intermediates});
    }

    @Test
    @DisplayName("a chain presented with its intermediate leads to the truststore's root")
    void presentedIntermediate() {
        KeycloakSession session = session(truststore(index(root), Map.of()));
        assertThat(TrustedChain.forRuntime().trustAnchor(session, new X509Certificate[] {leaf, intermediate})).isEqualTo(root);
    }

    @Test
    @DisplayName("a leaf alone is completed by the truststore's intermediates")
    void truststoreIntermediate() {
        KeycloakSession session = session(truststore(index(root), index(intermediate)));
        assertThat(TrustedChain.forRuntime().trustAnchor(session, new X509Certificate[] {leaf})).isEqualTo(root);
    }

    @Test
    @DisplayName("a leaf alone without its intermediate anywhere is not trusted")
    void missingIntermediate() {
        KeycloakSession session = session(truststore(index(root), Map.of()));
        assertThat(TrustedChain.forRuntime().trustAnchor(session, new X509Certificate[] {leaf})).isNull();
    }

    @Test
    @DisplayName("a certificate of a CA with the trusted CA's name but another key is not trusted")
    void sameNameOtherKey() {
        KeycloakSession session = session(truststore(index(root), index(intermediate)));
        assertThat(TrustedChain.forRuntime().trustAnchor(session, new X509Certificate[] {otherLeaf})).isNull();
        assertThat(TrustedChain.forRuntime().refusal(session, new X509Certificate[] {otherLeaf}, null))
                .isEqualTo("The client certificate is not valid or not issued by a trusted CA");
    }

    @Test
    @DisplayName("an expired leaf is not trusted, even from the trusted CA")
    void expired() {
        KeycloakSession session = session(truststore(index(root), index(intermediate)));
        assertThat(TrustedChain.forRuntime().trustAnchor(session, new X509Certificate[] {expiredLeaf, intermediate})).isNull();
    }

    @Test
    @DisplayName("an empty truststore trusts nothing")
    void emptyTruststore() {
        KeycloakSession session = session(truststore(Map.of(), Map.of()));
        assertThat(TrustedChain.forRuntime().trustAnchor(session, new X509Certificate[] {leaf, intermediate})).isNull();
    }

    @Test
    @DisplayName("when the truststore changes, the anchors follow: the old CA is no longer trusted, the new one is")
    void followsTruststore() {
        TrustedChain chain = TrustedChain.forRuntime();
        AtomicReference<Map<X500Principal, List<X509Certificate>>[]> store = truststore(index(root), index(intermediate));
        KeycloakSession session = session(store);
        assertThat(chain.trustAnchor(session, new X509Certificate[] {leaf})).isEqualTo(root);
        assertThat(chain.trustAnchor(session, new X509Certificate[] {otherLeaf})).isNull();

        store.set(truststore(index(otherRoot), Map.of()).get());
        assertThat(chain.trustAnchor(session, new X509Certificate[] {leaf})).isNull();
        assertThat(chain.trustAnchor(session, new X509Certificate[] {otherLeaf})).isEqualTo(otherRoot);
    }

    @Test
    @DisplayName("a client pinned to a CA accepts only chains ending at that CA")
    void pinned() {
        KeycloakSession session = session(truststore(index(root), index(intermediate)));
        TrustedChain chain = TrustedChain.forRuntime();
        assertThat(chain.refusal(session, new X509Certificate[] {leaf}, root.getSubjectX500Principal().getName())).isNull();
        assertThat(chain.refusal(session, new X509Certificate[] {leaf}, "CN=Another CA,O=Test"))
                .isEqualTo("The client certificate is not issued by the client's registered CA");
    }
}
