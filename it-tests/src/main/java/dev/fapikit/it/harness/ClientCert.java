package dev.fapikit.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;

/** A client's certificate and private key: its TLS identity and, for most test clients, its signing key too. */
public record ClientCert(String name, X509Certificate certificate, PrivateKey privateKey, X509Certificate... chain) {

    public static final char[] PASSWORD = "changeit".toCharArray();

    /** RFC 8705 §3.1: base64url SHA-256 of the DER certificate, as in {@code cnf.x5t#S256}. */
    public String x5tS256() {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64 DER, as Keycloak's {@code jwt.credential.certificate} client attribute holds it. */
    public String certificateBase64() {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key id Keycloak derives for a key loaded from a certificate attribute (base64url SHA-256 of the encoded
     * public key, {@code org.keycloak.common.util.KeyUtils#createKeyId}).
     */
    public String keycloakKeyId() {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The private JWK with {@code kid} = {@link #keycloakKeyId()} and the certificate as {@code x5c}. */
    public JWK privateJwk() {
        try {
            JWK pub = JWK.parse(certificate);
            java.util.List<com.nimbusds.jose.util.Base64> x5c =
                    java.util.List.of(com.nimbusds.jose.util.Base64.encode(certificate.getEncoded()));
            if (pub instanceof RSAKey rsa) {
                return new RSAKey.Builder(rsa).privateKey(privateKey).keyID(keycloakKeyId()).x509CertChain(x5c)
                        .x509CertSHA256Thumbprint(Base64URL.from(x5tS256())).build();
            }
            ECKey ec = (ECKey) pub;
            return new ECKey.Builder(ec).privateKey(privateKey).keyID(keycloakKeyId()).x509CertChain(x5c)
                    .x509CertSHA256Thumbprint(Base64URL.from(x5tS256())).build();
        } catch (JOSEException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK set ({@code {"keys":[...]}}) a client registers. */
    public String publicJwks() {
        return new com.nimbusds.jose.jwk.JWKSet(privateJwk().toPublicJWK()).toString();
    }

    /** A PKCS#12 key store with this key and certificate (chain included), password {@link #PASSWORD}. */
    public KeyStore keyStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            X509Certificate[] full = new X509Certificate[chain.length + 1];
            full[0] = certificate;
            System.arraycopy(chain, 0, full, 1, chain.length);
            ks.setKeyEntry(name, privateKey, PASSWORD, full);
            return ks;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code <name>.pem} (certificate) and {@code <name>.key} (PKCS#8) into {@code dir}. */
    public void writePem(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".pem"), Pem.encode("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(dir.resolve(name + ".key"), Pem.encode("PRIVATE KEY", privateKey.getEncoded()));
        } catch (IOException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
