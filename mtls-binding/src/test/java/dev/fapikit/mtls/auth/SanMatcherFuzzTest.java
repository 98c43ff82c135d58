package dev.fapikit.mtls.auth;

import static dev.fapikit.core.fuzz.Invariant.check;
import static dev.fapikit.mtls.auth.SanType.literalAddress;
import static dev.fapikit.mtls.auth.SubjectAlternativeNameMatcher.matches;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Date;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * RFC 8705 §2.1.2 SAN matching for tls_client_auth: the registered value (client metadata) against the names of the
 * presented certificate. For any registered value and any presented name: no exception, the same answer twice,
 * DNS and IP comparisons are symmetric, an IP match needs two IP literals, and a certificate matches only a value
 * equal (in the type's sense) to one of its names.
 */
class SanMatcherFuzzTest {

    private static final X509Certificate CERTIFICATE = certificate();

    @FuzzTest(maxDuration = "30s")
    void sameNameIsTotalAndConsistent(FuzzedDataProvider data) {
        SanType type = data.pickValue(SanType.values());
        String expected = data.consumeString(300);
        String presented = data.consumeRemainingAsString();
        boolean same = type.sameName(expected, presented);
        check(same == type.sameName(expected, presented), "same answer twice", expected + " / " + presented);
        if (type == SanType.DNS || type == SanType.IP) {
            check(same == type.sameName(presented, expected), "symmetric", expected + " / " + presented);
        }
        if (same && type == SanType.IP) {
            check(literalAddress(expected) != null && literalAddress(presented) != null, "IP match needs literals", expected);
        }
        if (same && type == SanType.EMAIL) {
            check(expected.equalsIgnoreCase(presented), "e-mail match differs at most in case", expected + " / " + presented);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void certificateMatchesOnlyItsOwnNames(FuzzedDataProvider data) {
        SanType type = data.pickValue(SanType.values());
        String registered = data.consumeRemainingAsString();
        boolean matched = matches(CERTIFICATE, type, registered);
        check(matched == matches(CERTIFICATE, type, registered), "same answer twice", registered);
        if (matched) {
            String r = registered.trim();
            boolean known = switch (type) {
                case DNS -> r.equalsIgnoreCase("client.example.org");
                case URI -> r.equals("https://client.example.org/id");
                case IP -> java.util.Arrays.equals(literalAddress(r), literalAddress("192.0.2.10"))
                        || java.util.Arrays.equals(literalAddress(r), literalAddress("2001:db8::10"));
                case EMAIL -> r.equalsIgnoreCase("ops@client.example.org");
            };
            check(known, "matched value is one of the certificate's names", registered);
        }
    }

    private static X509Certificate certificate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            KeyPair keys = g.generateKeyPair();
            X500Name subject = new X500Name("CN=fuzz-san-client");
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, BigInteger.TWO,
                    new Date(System.currentTimeMillis() - 3_600_000L), new Date(System.currentTimeMillis() + 86_400_000L),
                    subject, keys.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "client.example.org"),
                    new GeneralName(GeneralName.uniformResourceIdentifier, "https://client.example.org/id"),
                    new GeneralName(GeneralName.iPAddress, "192.0.2.10"),
                    new GeneralName(GeneralName.iPAddress, "2001:db8::10"),
                    new GeneralName(GeneralName.rfc822Name, "ops@client.example.org")}));
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
