package dev.fapikit.it.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The test PKI, generated with Bouncy Castle and never committed: a CA the server trusts, the server's
 * {@code localhost} certificate, and client certificates (CA-issued, self-signed, expired, weak keys, untrusted CA).
 *
 * <p>{@link #loadOrCreate(Path)} keeps the files in a folder so that the local runner reuses them across starts.
 */
public final class TestPki {

    public static final String CA_DN = "CN=FAPI Kit Test CA,O=FAPI Kit Dev";
    public static final String TRUSTSTORE_PASSWORD = "changeit";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final ClientCert ca;

    private TestPki(Path dir, ClientCert ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** Loads the PKI in {@code dir}, or generates it there: {@code ca.pem}, {@code server.pem/.key}, {@code truststore.p12}. */
    public static synchronized TestPki loadOrCreate(Path dir) {
        try {
            Files.createDirectories(dir);
            if (Files.exists(dir.resolve("ca.pem")) && Files.exists(dir.resolve("server.pem"))) {
                return new TestPki(dir, new ClientCert("ca", Pem.readCertificate(dir.resolve("ca.pem")),
                        Pem.readPrivateKey(dir.resolve("ca.key"))));
            }
            ClientCert ca = newCa("ca", CA_DN);
            ca.writePem(dir);
            TestPki pki = new TestPki(dir, ca);
            ClientCert server = pki.issue(CertSpec.named("server").subject("CN=localhost,O=FAPI Kit Dev")
                    .san(new GeneralName(GeneralName.dNSName, "localhost"))
                    .san(new GeneralName(GeneralName.iPAddress, "127.0.0.1"))
                    .san(new GeneralName(GeneralName.dNSName, "mtls.localhost"))
                    .serverAuth());
            server.writePem(dir);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("fapi-kit-test-ca", ca.certificate());
            try (OutputStream out = Files.newOutputStream(dir.resolve("truststore.p12"))) {
                trust.store(out, TRUSTSTORE_PASSWORD.toCharArray());
            }
            return pki;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the test PKI in " + dir, e);
        }
    }

    /** A CA nobody trusts, for "certificate from an untrusted CA" cases. */
    public static TestPki untrustedCa(String dn) {
        return new TestPki(null, newCa("untrusted-ca", dn));
    }

    public Path dir() {
        return dir;
    }

    public ClientCert ca() {
        return ca;
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public Path serverCertPem() {
        return dir.resolve("server.pem");
    }

    public Path serverKeyPem() {
        return dir.resolve("server.key");
    }

    /**
     * The server certificate ({@code CN=localhost}, serverAuth) with its key and the CA, as Keycloak presents it: the
     * identity of the tests' own HTTPS servers on loopback (receivers, devices, {@code jwks_uri}), which the server
     * trusts through the test CA. {@code sslContext(pki.serverCertificate())} is such a server's TLS context.
     */
    public ClientCert serverCertificate() {
        return new ClientCert("localhost", Pem.readCertificate(serverCertPem()), Pem.readPrivateKey(serverKeyPem()),
                ca.certificate());
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** A CA-issued TLS client certificate (RSA 2048) with the given subject DN. */
    public ClientCert issueClient(String name, String subjectDn) {
        return issue(CertSpec.named(name).subject(subjectDn));
    }

    /** The client certificate stored under {@code clients/<name>}, issued and stored on first use. */
    public synchronized ClientCert loadOrIssueClient(String name, String subjectDn) {
        Path clients = dir.resolve("clients");
        if (Files.exists(clients.resolve(name + ".pem"))) {
            return new ClientCert(name, Pem.readCertificate(clients.resolve(name + ".pem")),
                    Pem.readPrivateKey(clients.resolve(name + ".key")), ca.certificate());
        }
        ClientCert issued = issueClient(name, subjectDn);
        issued.writePem(clients);
        return issued;
    }

    /** Issues a certificate as described; self-signed specs are signed by their own key. */
    public ClientCert issue(CertSpec spec) {
        try {
            KeyPair keys = spec.keys != null ? spec.keys : rsa(2048);
            X500Name subject = x500(spec.subject);
            X500Name issuer = spec.selfSigned ? subject
                    : X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
            PrivateKey signer = spec.selfSigned ? keys.getPrivate() : ca.privateKey();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                    Date.from(spec.notBefore), Date.from(spec.notAfter), subject, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            if (!spec.selfSigned) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
            }
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(spec.serverAuth ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (!spec.sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(spec.sans.toArray(GeneralName[]::new)));
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(signatureAlgorithm(signer)).build(signer)));
            return spec.selfSigned
                    ? new ClientCert(spec.name, cert, keys.getPrivate())
                    : new ClientCert(spec.name, cert, keys.getPrivate(), ca.certificate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue " + spec.name, e);
        }
    }

    /** TLS context that trusts this PKI's CA and, when {@code client} is given, presents that certificate. */
    public SSLContext sslContext(ClientCert client) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            if (client != null) {
                kmf.init(client.keyStore(), ClientCert.PASSWORD);
            } else {
                KeyStore empty = KeyStore.getInstance("PKCS12");
                empty.load(null, null);
                kmf.init(empty, ClientCert.PASSWORD);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, RANDOM);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An EC key pair on {@code secp256r1}, {@code secp384r1} or {@code secp521r1}. */
    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve), RANDOM);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClientCert newCa(String name, String dn) {
        try {
            KeyPair keys = rsa(2048);
            X500Name subject = x500(dn);
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, RANDOM),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject,
                    keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            return new ClientCert(name, cert, keys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4514 string → name, with Java's RDN order, so that the DN reads back exactly as Keycloak prints it. */
    private static X500Name x500(String dn) {
        return X500Name.getInstance(new javax.security.auth.x500.X500Principal(dn).getEncoded());
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    }

    /** What to issue; defaults: RSA 2048, valid from a day ago for a year, client authentication, CA-issued. */
    public static final class CertSpec {
        final String name;
        String subject;
        KeyPair keys;
        final List<GeneralName> sans = new ArrayList<>();
        Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        Instant notAfter = Instant.now().plus(Duration.ofDays(365));
        boolean selfSigned;
        boolean serverAuth;

        private CertSpec(String name) {
            this.name = name;
            this.subject = "CN=" + name + ",O=FAPI Kit Dev";
        }

        public static CertSpec named(String name) {
            return new CertSpec(name);
        }

        public CertSpec subject(String dn) {
            this.subject = dn;
            return this;
        }

        public CertSpec keys(KeyPair keys) {
            this.keys = keys;
            return this;
        }

        /** A subject alternative name, e.g. {@code new GeneralName(GeneralName.dNSName, "client.example.org")}. */
        public CertSpec san(GeneralName name) {
            sans.add(name);
            return this;
        }

        public CertSpec validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        public CertSpec expired() {
            return validity(Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)));
        }

        public CertSpec selfSigned() {
            this.selfSigned = true;
            return this;
        }

        /** A TLS server certificate (e.g. for a notification receiver in a test). */
        public CertSpec serverAuth() {
            this.serverAuth = true;
            return this;
        }
    }
}
