package dev.fapikit.mtls.auth;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/** RFC 8705 §2.1.2: a certificate matches when one of its subject alternative names of the registered type is the expected value. */
final class SubjectAlternativeNameMatcher {

    private SubjectAlternativeNameMatcher() {
    }

    static boolean matches(X509Certificate certificate, SanType type, String expected) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return false;
        }
        if (names == null || expected == null || expected.isBlank()) {
            return false;
        }
        return names.stream().anyMatch(name -> name.size() == 2 && Integer.valueOf(type.generalNameTag()).equals(name.get(0))
                && name.get(1) instanceof String value && type.sameName(expected.trim(), value));
    }
}
