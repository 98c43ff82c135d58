package dev.fapikit.policies.statement;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import dev.fapikit.policies.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("TLS client certificate bound to the statement's organisation")
class OrganisationCertificateTest {

    private static X509Certificate certificate(String subject, String dnsSan) throws Exception {
        KeyPair keys = TestKeys.ec("secp256r1");
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=ca"), BigInteger.TWO,
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 3_600_000),
                new X500Name(subject), keys.getPublic());
        if (dnsSan != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, dnsSan)));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    @Test
    @DisplayName("UK Open Banking: the org id in the subject's OU (legacy OB) or organizationIdentifier (OBWAC/OBSeal)")
    void openBankingSubjects() throws Exception {
        assertThat(OrganisationCertificate.names(certificate("C=GB,O=OpenBanking,OU=0015800001041REAAY,CN=sw-1", null),
                "0015800001041REAAY")).isTrue();
        assertThat(OrganisationCertificate.names(certificate("C=GB,O=Bank,2.5.4.97=PSDGB-OB-0015800001041REAAY,CN=sw-1", null),
                "PSDGB-OB-0015800001041REAAY")).isTrue();
    }

    @Test
    @DisplayName("a subject alternative name naming the org id binds; another organisation's certificate does not")
    void sanAndOtherOrganisation() throws Exception {
        assertThat(OrganisationCertificate.names(certificate("CN=client", "org-9"), "org-9")).isTrue();
        assertThat(OrganisationCertificate.names(certificate("C=GB,O=OpenBanking,OU=other-org,CN=sw-1", "x.example"), "org-9")).isFalse();
        assertThat(OrganisationCertificate.names(certificate("CN=client", null), null)).isFalse();
    }
}
