package dev.fapikit.mtls.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 8705 §2.2: a self-signed certificate matches a registered JWK")
class SelfSignedCertificateMatcherTest {

    @Nested
    @DisplayName("Given a JWK without x5c")
    class KeyOnly {

        @Test
        void certificateWithTheRegisteredRsaKeyMatchesWhateverProviderParsedTheJwk() throws Exception {
            KeyPair keys = TestCertificates.rsa();
            X509Certificate certificate = TestCertificates.selfSigned(keys);

            assertThat(SelfSignedCertificateMatcher.matchesAny(certificate,
                    List.of(new RegisteredKey(parsedByBouncyCastle("RSA", keys.getPublic()), null)))).isTrue();
        }

        @Test
        void certificateWithTheRegisteredEcKeyMatchesWhateverProviderParsedTheJwk() throws Exception {
            KeyPair keys = TestCertificates.ec();
            X509Certificate certificate = TestCertificates.selfSigned(keys);

            assertThat(SelfSignedCertificateMatcher.matchesAny(certificate,
                    List.of(new RegisteredKey(parsedByBouncyCastle("EC", keys.getPublic()), null)))).isTrue();
        }

        @Test
        void certificateWithAnotherKeyDoesNotMatch() throws Exception {
            X509Certificate rsaCertificate = TestCertificates.selfSigned(TestCertificates.rsa());
            X509Certificate ecCertificate = TestCertificates.selfSigned(TestCertificates.ec());
            List<RegisteredKey> registered = List.of(new RegisteredKey(TestCertificates.rsa().getPublic(), null),
                    new RegisteredKey(TestCertificates.ec().getPublic(), null));

            assertThat(SelfSignedCertificateMatcher.matchesAny(rsaCertificate, registered)).isFalse();
            assertThat(SelfSignedCertificateMatcher.matchesAny(ecCertificate, registered)).isFalse();
        }

        @Test
        void noRegisteredKeysMatchNothing() throws Exception {
            assertThat(SelfSignedCertificateMatcher.matchesAny(TestCertificates.selfSigned(TestCertificates.rsa()), List.of()))
                    .isFalse();
        }
    }

    @Nested
    @DisplayName("Given a JWK with x5c")
    class PinnedCertificate {

        @Test
        void theRegisteredCertificateMatches() throws Exception {
            KeyPair keys = TestCertificates.rsa();
            X509Certificate certificate = TestCertificates.selfSigned(keys);

            assertThat(SelfSignedCertificateMatcher.matchesAny(certificate,
                    List.of(new RegisteredKey(keys.getPublic(), certificate)))).isTrue();
        }

        @Test
        void anotherCertificateForTheSameKeyDoesNotMatch() throws Exception {
            KeyPair keys = TestCertificates.rsa();
            X509Certificate registered = TestCertificates.selfSigned(keys);
            X509Certificate reissued = TestCertificates.selfSigned(keys);

            assertThat(SelfSignedCertificateMatcher.matchesAny(reissued,
                    List.of(new RegisteredKey(keys.getPublic(), registered)))).isFalse();
        }
    }

    private static PublicKey parsedByBouncyCastle(String algorithm, PublicKey key) throws Exception {
        // Keycloak's JWK parser may build keys with Bouncy Castle; the certificate's key comes from the JDK.
        return KeyFactory.getInstance(algorithm, "BC").generatePublic(new X509EncodedKeySpec(key.getEncoded()));
    }
}
