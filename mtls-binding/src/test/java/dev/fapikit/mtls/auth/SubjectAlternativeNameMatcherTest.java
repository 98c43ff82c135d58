package dev.fapikit.mtls.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 8705 §2.1.2: tls_client_auth by subject alternative name")
class SubjectAlternativeNameMatcherTest {

    private static X509Certificate certificate;

    @BeforeAll
    static void certificate() throws Exception {
        certificate = TestCertificates.selfSigned(TestCertificates.rsa(),
                new GeneralName(GeneralName.dNSName, "client.example.com"),
                new GeneralName(GeneralName.uniformResourceIdentifier, "https://client.example.com/id"),
                new GeneralName(GeneralName.iPAddress, "192.0.2.10"),
                new GeneralName(GeneralName.iPAddress, "2001:db8::10"),
                new GeneralName(GeneralName.rfc822Name, "Ops@Client.Example.com"));
    }

    @Test
    void dnsNamesCompareCaseInsensitively() {
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.DNS, "CLIENT.example.com")).isTrue();
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.DNS, "other.example.com")).isFalse();
    }

    @Test
    void urisCompareExactly() {
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.URI, "https://client.example.com/id")).isTrue();
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.URI, "https://client.example.com/ID")).isFalse();
    }

    @Test
    void ipAddressesCompareAsAddresses() {
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.IP, "192.0.2.10")).isTrue();
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.IP, "2001:0db8:0:0:0:0:0:10")).isTrue();
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.IP, "192.0.2.11")).isFalse();
    }

    @Test
    void ipValuesMustBeLiteralsAndAreNeverLookedUp() {
        assertThat(SanType.literalAddress("client.example.com")).isNull();
        assertThat(SanType.literalAddress("localhost")).isNull();
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.IP, "client.example.com")).isFalse();
    }

    @Test
    void emailLocalPartIsExactAndDomainCaseInsensitive() {
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.EMAIL, "Ops@client.example.COM")).isTrue();
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.EMAIL, "ops@client.example.com")).isFalse();
    }

    @Test
    void aValueOfAnotherTypeDoesNotMatch() {
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.URI, "client.example.com")).isFalse();
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.DNS, "192.0.2.10")).isFalse();
    }

    @Test
    void aCertificateWithoutSubjectAlternativeNamesMatchesNothing() throws Exception {
        X509Certificate bare = TestCertificates.selfSigned(TestCertificates.rsa());

        assertThat(SubjectAlternativeNameMatcher.matches(bare, SanType.DNS, "client.example.com")).isFalse();
    }

    @Test
    void aBlankRegisteredValueMatchesNothing() {
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.DNS, " ")).isFalse();
        assertThat(SubjectAlternativeNameMatcher.matches(certificate, SanType.DNS, null)).isFalse();
    }
}
